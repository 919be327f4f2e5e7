import { dateTimeFormat } from "@/lib/intl-format";
import type { ChatMessage } from "@/lib/chat/types";

/** One message as displayed, with what goes above it: a day separator, the "New messages" divider. */
export type TimelineItem = {
  key: string;
  message: ChatMessage;
  /** First message of a run by one author: shows author and time. */
  groupStart: boolean;
  /** Last message of such a run: the author's avatar goes beside it. */
  groupEnd: boolean;
  /** Set on the first message of a calendar day: that day as YYYY-MM-DD. */
  day?: string;
  /** The first unread message: the divider goes above it. */
  firstUnread?: boolean;
};

const GROUP_WINDOW_MS = 5 * 60_000;

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayKey(iso: string, timeZone?: string): string {
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

/**
 * Messages laid out for display: a separator at each new day, a "New messages" divider before the first unread
 * one, and messages of one author within five minutes grouped (only the first shows author and time). Separators
 * ride on their message, so every row of the list is a message.
 */
export function buildTimeline(
  messages: ChatMessage[],
  options: { firstUnreadIndex?: number | null; timeZone?: string } = {},
): TimelineItem[] {
  const items: TimelineItem[] = [];
  let previous: ChatMessage | undefined;
  let previousDay: string | undefined;
  for (const message of messages) {
    const day = dayKey(message.dateCreated, options.timeZone);
    const newDay = day !== previousDay;
    const firstUnread = options.firstUnreadIndex === message.index;
    const groupStart =
      newDay ||
      firstUnread ||
      !previous ||
      previous.author !== message.author ||
      Date.parse(message.dateCreated) - Date.parse(previous.dateCreated) > GROUP_WINDOW_MS;
    if (groupStart === false) items[items.length - 1]!.groupEnd = false;
    items.push({
      key: `m-${message.index}`,
      message,
      groupStart,
      groupEnd: true,
      ...(newDay ? { day } : {}),
      ...(firstUnread ? { firstUnread } : {}),
    });
    previous = message;
    previousDay = day;
  }
  return items;
}
