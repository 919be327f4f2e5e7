import { describe, expect, it } from "vitest";
import { buildTranscript } from "@/lib/chat/transcript";

describe("buildTranscript", () => {
  it("lists each message with its time, author, lines and attachment names", () => {
    const text = buildTranscript(
      [
        {
          sid: "IM0",
          index: 0,
          author: "guest_1",
          body: "Hello\nsecond line",
          dateCreated: "2026-03-01T09:00:00Z",
          attributes: {},
          media: [],
        },
        {
          sid: "IM1",
          index: 1,
          author: "agent",
          body: "",
          dateCreated: "2026-03-01T09:01:00Z",
          attributes: {},
          media: [{ sid: "ME1", filename: "label.pdf", contentType: "application/pdf", size: 1200 }],
        },
      ],
      {
        title: "Chat transcript",
        nameOf: (a) => (a === "guest_1" ? "You" : "Agent"),
        formatTime: (iso) => iso.slice(11, 16),
      },
    );
    expect(text).toBe(
      [
        "Chat transcript",
        "===============",
        "",
        "[09:00] You:",
        "  Hello",
        "  second line",
        "",
        "[09:01] Agent:",
        "  [Attachment: label.pdf]",
        "",
      ].join("\n"),
    );
  });
});
