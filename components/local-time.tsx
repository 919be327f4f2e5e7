// A client component: times must be formatted in the visitor's own time zone, which the server cannot know.
"use client";

import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** A time of day in the visitor's locale and zone; the server's render shows UTC until hydration replaces it. */
export function LocalTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const onClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const text = onClient
    ? new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }).format(date)
    : `${iso.slice(11, 16)} UTC`;
  return (
    <time dateTime={iso} title={onClient ? date.toLocaleString(locale) : iso}>
      {text}
    </time>
  );
}
