import { describe, expect, it } from "vitest";
import { keepsFollowing } from "./follow-newest";

describe("keepsFollowing", () => {
  it("keeps following when the event of a step down arrives after the log has grown below", () => {
    // Scrolled from 160 to 180 to reach the bottom of 531 px; by the event, a new message made it 586 px.
    expect(keepsFollowing(true, { top: 180, lastTop: 160, scrollHeight: 586, clientHeight: 351 })).toBe(true);
    // And when the event finds the log grown with no scroll at all (a re-measure).
    expect(keepsFollowing(true, { top: 180, lastTop: 180, scrollHeight: 700, clientHeight: 351 })).toBe(true);
  });

  it("stops following when the reader moves up, away from the bottom", () => {
    expect(keepsFollowing(true, { top: 100, lastTop: 235, scrollHeight: 586, clientHeight: 351 })).toBe(false);
  });

  it("a move up that stays within the bottom's margin keeps following", () => {
    expect(keepsFollowing(true, { top: 225, lastTop: 235, scrollHeight: 586, clientHeight: 351 })).toBe(true);
  });

  it("comes back to following once the reader reaches the bottom, and not before", () => {
    expect(keepsFollowing(false, { top: 200, lastTop: 100, scrollHeight: 586, clientHeight: 351 })).toBe(false);
    expect(keepsFollowing(false, { top: 235, lastTop: 200, scrollHeight: 586, clientHeight: 351 })).toBe(true);
  });
});
