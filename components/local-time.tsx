// A client component: times must be formatted in the visitor's own time zone, which the server cannot know.
"use client";

import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";
import { dateTimeFormat } from "@/lib/intl-format";

const subscribe = () => () => {};
const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
// What Date#toLocaleString shows.
const FULL: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
};

/**
 * Builds this component's formatters ahead of its first render (building one loads locale data: tens of ms): one
 * step each, for a caller that spreads them over idle moments.
 */
export function localTimeWarmUps(locale: string): Array<() => void> {
  return [() => dateTimeFormat(locale, TIME), () => dateTimeFormat(locale, FULL)];
}

/** A time of day in the visitor's locale and zone; the server's render shows UTC until hydration replaces it. */
export function LocalTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const onClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const text = onClient ? dateTimeFormat(locale, TIME).format(date) : `${iso.slice(11, 16)} UTC`;
  return (
    <time dateTime={iso} title={onClient ? dateTimeFormat(locale, FULL).format(date) : iso}>
      {text}
    </time>
  );
}
