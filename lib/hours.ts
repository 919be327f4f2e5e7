import { DateTime } from "luxon";

/**
 * Operating hours: when agents answer, in one IANA time zone, with closures (holidays). Outside them the chat shows
 * an offline message instead of the form, and the server refuses to start a chat. Wall-clock arithmetic is Luxon's,
 * which knows each zone's daylight-saving rules: "09:00 in Madrid" is right on both sides of a change.
 */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
/** Closed from `from` to `to` (YYYY-MM-DD, both included, in the schedule's zone); `reason` is shown to visitors. */
export type Closure = { from: string; to: string; reason?: string };
export type Hours = {
  timeZone: string;
  days: Partial<Record<Weekday, readonly [string, string]>>;
  closures?: readonly Closure[];
};

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** How far ahead the next opening is looked for: past a long closure (a year of them is a configuration mistake). */
const LOOKAHEAD_DAYS = 400;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The moment in the schedule's zone; Luxon's weekday is 1 (Monday) … 7 (Sunday). */
function zoned(date: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(date, { zone: timeZone });
}

const weekdayOf = (moment: DateTime) => (moment.weekday % 7) as Weekday;

/** The closure that covers this calendar day, if any (ISO dates compare as strings). */
function closureOn(hours: Hours, day: string): Closure | undefined {
  return hours.closures?.find((c) => c.from <= day && day <= c.to);
}

/** Why the chat is closed right now when it is a closure (its reason may be empty), else null. */
export function currentClosure(hours: Hours | null, now = new Date()): Closure | null {
  if (!hours) return null;
  return closureOn(hours, zoned(now, hours.timeZone).toISODate()!) ?? null;
}

export function isOpen(hours: Hours | null, now = new Date()): boolean {
  if (!hours) return true;
  const moment = zoned(now, hours.timeZone);
  if (closureOn(hours, moment.toISODate()!)) return false;
  const window = hours.days[weekdayOf(moment)];
  const minute = moment.hour * 60 + moment.minute;
  return !!window && minute >= minutesOf(window[0]) && minute < minutesOf(window[1]);
}

/**
 * When the chat next opens, or null if it never does within LOOKAHEAD_DAYS. An opening time that does not exist on
 * its day (the hour skipped by a spring-forward change) opens at the first moment after it, as a clock would.
 */
export function nextOpening(hours: Hours, now = new Date()): Date | null {
  const moment = zoned(now, hours.timeZone);
  for (let ahead = 0; ahead <= LOOKAHEAD_DAYS; ahead++) {
    const day = moment.startOf("day").plus({ days: ahead });
    const window = hours.days[weekdayOf(day)];
    if (!window || closureOn(hours, day.toISODate()!)) continue;
    const opens = day.set({ hour: Number(window[0].slice(0, 2)), minute: Number(window[0].slice(3, 5)) });
    if (opens <= moment) continue;
    return opens.toJSDate();
  }
  return null;
}

/** "Monday–Friday 9:00 AM–5:00 PM and Saturday 10:00 AM–2:00 PM", in the visitor's language. */
export function describeHours(hours: Hours, locale: string): string {
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 7 + d)));
  const time = (t: string) =>
    new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, 0, 1, Number(t.slice(0, 2)), Number(t.slice(3, 5)))),
    );
  // Monday first; runs of consecutive days with the same hours read as one range.
  const order = [1, 2, 3, 4, 5, 6, 0] as Weekday[];
  const runs: { from: Weekday; to: Weekday; window: readonly [string, string] }[] = [];
  for (const d of order) {
    const window = hours.days[d];
    if (!window) continue;
    const last = runs.at(-1);
    const previous = order[order.indexOf(d) - 1];
    if (last && last.to === previous && last.window[0] === window[0] && last.window[1] === window[1]) last.to = d;
    else runs.push({ from: d, to: d, window });
  }
  const parts = runs.map(({ from, to, window }) => {
    const days = from === to ? dayName(from) : `${dayName(from)}–${dayName(to)}`;
    return `${days} ${time(window[0])}–${time(window[1])}`;
  });
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(parts);
}

/**
 * Reads OPERATING_HOURS, e.g. "America/New_York; mon-fri 09:00-17:00; sat 10:00-14:00; closed 2026-12-25 Christmas
 * Day" (closures: one date or `from..to`, both included, with an optional reason). Throws a sentence naming what is
 * wrong.
 */
export function parseHours(text: string): Hours {
  const [zone, ...rules] = text
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
  if (!zone) throw new Error('must start with a time zone, e.g. "Europe/Madrid; mon-fri 09:00-17:00"');
  if (!DateTime.now().setZone(zone).isValid) throw new Error(`"${zone}" is not an IANA time zone, e.g. Europe/Madrid`);
  if (rules.length === 0) throw new Error('needs at least one rule after the time zone, e.g. "mon-fri 09:00-17:00"');
  if (rules.length > 100) throw new Error("has more than 100 rules");
  const days: Hours["days"] = {};
  const closures: Closure[] = [];
  for (const rule of rules) {
    const closed = /^closed\s+(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?(?:\s+(.+))?$/i.exec(rule);
    if (closed) {
      const [from, to = from] = [closed[1]!, closed[2]];
      if (!DateTime.fromISO(from).isValid || !DateTime.fromISO(to!).isValid || to! < from) {
        throw new Error(
          `"${rule}" is not a closure like "closed 2026-12-24..2026-12-26 Christmas" (real dates, earliest first)`,
        );
      }
      const reason = closed[3]?.trim();
      if (reason && reason.length > 120)
        throw new Error(`the reason of "${rule.slice(0, 40)}…" is longer than 120 characters`);
      closures.push({ from, to: to!, ...(reason ? { reason } : {}) });
      continue;
    }
    const match = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d\d:\d\d)-(\d\d:\d\d)$/i.exec(rule);
    const from = match ? DAY_NAMES.indexOf(match[1]!.toLowerCase() as (typeof DAY_NAMES)[number]) : -1;
    const to = match?.[2] ? DAY_NAMES.indexOf(match[2].toLowerCase() as (typeof DAY_NAMES)[number]) : from;
    if (!match || from < 0 || to < 0 || !TIME.test(match[3]!) || !TIME.test(match[4]!) || match[3]! >= match[4]!) {
      throw new Error(
        `"${rule}" is not a rule like "mon-fri 09:00-17:00" (days sun…sat, 24-hour times, opening first)`,
      );
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days[d as Weekday] = [match[3]!, match[4]!];
      if (d === to) break;
    }
  }
  if (Object.keys(days).length === 0)
    throw new Error('needs at least one rule of days and times, e.g. "mon-fri 09:00-17:00"');
  return { timeZone: zone, days, ...(closures.length > 0 ? { closures } : {}) };
}
