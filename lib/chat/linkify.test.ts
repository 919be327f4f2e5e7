import { describe, expect, it } from "vitest";
import { linkSegments } from "@/lib/chat/linkify";

describe("linkSegments", () => {
  it("turns http, https and email addresses into links and keeps the text around them", () => {
    expect(linkSegments("See https://example.com/a?b=1, or write to help@example.com.")).toEqual([
      { type: "text", text: "See " },
      { type: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { type: "text", text: ", or write to " },
      { type: "link", text: "help@example.com", href: "mailto:help@example.com" },
      { type: "text", text: "." },
    ]);
  });

  it("never links other protocols", () => {
    for (const text of [
      "javascript:alert(1)",
      "ftp://example.com/file",
      "data:text/html,<script>x</script>",
      "file:///etc/passwd",
    ]) {
      expect(linkSegments(text).filter((s) => s.type === "link")).toEqual([]);
      expect(
        linkSegments(text)
          .map((s) => s.text)
          .join(""),
      ).toBe(text);
    }
  });

  it("keeps HTML as text and line breaks and emoji intact", () => {
    const text = '<a href="javascript:alert(1)">click</a>\n🎉 done';
    expect(linkSegments(text)).toEqual([{ type: "text", text }]);
  });

  it("returns nothing for an empty body", () => {
    expect(linkSegments("")).toEqual([]);
  });
});
