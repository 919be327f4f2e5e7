import { describe, expect, it } from "vitest";
import { waitedFor } from "@/lib/sandbox/agent";

describe("waitedFor", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  it("says how long in the units an agent reads at a glance", () => {
    expect(waitedFor("2026-11-27T11:59:30Z", now)).toBe("under a minute");
    expect(waitedFor("2026-11-27T11:56:00Z", now)).toBe("4 min");
    expect(waitedFor("2026-11-27T10:55:00Z", now)).toBe("1 h 5 min");
  });
  it("never shows a negative wait when clocks disagree", () => {
    expect(waitedFor("2026-11-27T12:05:00Z", now)).toBe("under a minute");
  });
});
