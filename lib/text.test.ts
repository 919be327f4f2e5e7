import { describe, expect, it } from "vitest";
import { withoutControlCharacters } from "@/lib/text";

describe("withoutControlCharacters", () => {
  it("removes NUL, escapes, DEL and C1 controls, and keeps tabs, line breaks and every script", () => {
    expect(withoutControlCharacters("A\u0000B\u001B[31mC\u007FD\u0085E")).toBe("AB[31mCDE");
    expect(withoutControlCharacters("line one\r\nline\ttwo — José 李 مرحبا 👋")).toBe(
      "line one\r\nline\ttwo — José 李 مرحبا 👋",
    );
  });
});
