/**
 * Operating hours: when agents answer, in one IANA time zone. Outside them the chat shows an offline message
 * instead of the form, and the server refuses to start a chat.
 */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export type Hours = { timeZone: string; days: Partial<Record<Weekday, readonly [string, string]>> };

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The weekday and minute of the day at `date` in `timeZone`. */
function zoned(date: Date, timeZone: string): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = DAY_NAMES.indexOf(get("weekday").toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]) as Weekday;
  return { day, minute: Number(get("hour")) * 60 + Number(get("minute")) };
}

export function isOpen(hours: Hours | null, now = new Date()): boolean {
  if (!hours) return true;
  const { day, minute } = zoned(now, hours.timeZone);
  const window = hours.days[day];
  return !!window && minute >= minutesOf(window[0]) && minute < minutesOf(window[1]);
}

/** When the chat next opens (within a week), or null if no day has hours. Daylight-saving shifts may move it by an hour. */
export function nextOpening(hours: Hours, now = new Date()): Date | null {
  const { day, minute } = zoned(now, hours.timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const window = hours.days[((day + ahead) % 7) as Weekday];
    if (!window) continue;
    const opens = minutesOf(window[0]);
    if (ahead === 0 && opens <= minute) continue;
    return new Date(now.getTime() + ((ahead * 1440 + opens - minute) * 60 - now.getUTCSeconds()) * 1000);
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
 * Reads OPERATING_HOURS, e.g. "America/New_York; mon-fri 09:00-17:00; sat 10:00-14:00". Throws a sentence naming
 * what is wrong.
 */
export function parseHours(text: string): Hours {
  const [zone, ...rules] = text.split(";").map((part) => part.trim()).filter(Boolean);
  if (!zone) throw new Error("must start with a time zone, e.g. \"Europe/Madrid; mon-fri 09:00-17:00\"");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new Error(`"${zone}" is not an IANA time zone, e.g. Europe/Madrid`);
  }
  if (rules.length === 0) throw new Error("needs at least one rule after the time zone, e.g. \"mon-fri 09:00-17:00\"");
  const days: Hours["days"] = {};
  for (const rule of rules) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d\d:\d\d)-(\d\d:\d\d)$/i.exec(rule);
    const from = match ? DAY_NAMES.indexOf(match[1]!.toLowerCase() as (typeof DAY_NAMES)[number]) : -1;
    const to = match?.[2] ? DAY_NAMES.indexOf(match[2].toLowerCase() as (typeof DAY_NAMES)[number]) : from;
    if (!match || from < 0 || to < 0 || !TIME.test(match[3]!) || !TIME.test(match[4]!) || match[3]! >= match[4]!) {
      throw new Error(`"${rule}" is not a rule like "mon-fri 09:00-17:00" (days sun…sat, 24-hour times, opening first)`);
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days[d as Weekday] = [match[3]!, match[4]!];
      if (d === to) break;
    }
  }
  return { timeZone: zone, days };
}
