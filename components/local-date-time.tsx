// A client component: a date and time in the visitor's own zone, which the server cannot know.
"use client";

import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";
import { dateTimeFormat } from "@/lib/intl-format";

const subscribe = () => () => {};
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/** A day and time in the visitor's locale and zone; the server's render shows UTC until hydration replaces it. */
export function LocalDateTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const onClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <time dateTime={iso}>
      {onClient
        ? dateTimeFormat(locale, DATE_TIME).format(new Date(iso))
        : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}
    </time>
  );
}
