import { describe, expect, it } from "vitest";
import { buildTimeline, dayKey } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";

const at = (index: number, author: string, iso: string): ChatMessage => ({
  sid: `IM${index}`,
  index,
  author,
  body: `m${index}`,
  dateCreated: iso,
  attributes: {},
  media: [],
});

const shape = (items: ReturnType<typeof buildTimeline>) =>
  items.map(
    (i) =>
      `${i.day ? `[${i.day}] ` : ""}${i.firstUnread ? "(new) " : ""}${i.message.index}${i.groupStart ? "*" : ""}${i.groupEnd ? "$" : ""}`,
  );

describe("buildTimeline", () => {
  it("separates days and groups one author's messages within five minutes", () => {
    const items = buildTimeline(
      [
        at(0, "guest", "2026-03-01T09:00:00Z"),
        at(1, "guest", "2026-03-01T09:03:00Z"),
        at(2, "agent", "2026-03-01T09:04:00Z"),
        at(3, "agent", "2026-03-01T09:20:00Z"),
        at(4, "agent", "2026-03-02T08:00:00Z"),
      ],
      { timeZone: "UTC" },
    );
    expect(shape(items)).toEqual(["[2026-03-01] 0*", "1$", "2*$", "3*$", "[2026-03-02] 4*$"]);
  });

  it("marks the first unread message, which starts a group", () => {
    const items = buildTimeline(
      [
        at(0, "agent", "2026-03-01T09:00:00Z"),
        at(1, "agent", "2026-03-01T09:01:00Z"),
        at(2, "agent", "2026-03-01T09:02:00Z"),
      ],
      { firstUnreadIndex: 1, timeZone: "UTC" },
    );
    expect(shape(items)).toEqual(["[2026-03-01] 0*$", "(new) 1*", "2$"]);
  });

  it("uses the visitor's time zone for days", () => {
    expect(dayKey("2026-03-01T23:30:00Z", "UTC")).toBe("2026-03-01");
    expect(dayKey("2026-03-01T23:30:00Z", "Asia/Tokyo")).toBe("2026-03-02");
  });
});
