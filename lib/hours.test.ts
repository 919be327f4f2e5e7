import { describe, expect, it } from "vitest";
import { describeHours, isOpen, nextOpening, parseHours } from "@/lib/hours";

const office = parseHours("Europe/Madrid; mon-fri 09:00-17:00; sat 10:00-14:00");

describe("operating hours", () => {
  it("parses rules into days of the week", () => {
    expect(office.timeZone).toBe("Europe/Madrid");
    expect(office.days).toEqual({
      1: ["09:00", "17:00"],
      2: ["09:00", "17:00"],
      3: ["09:00", "17:00"],
      4: ["09:00", "17:00"],
      5: ["09:00", "17:00"],
      6: ["10:00", "14:00"],
    });
    expect(parseHours("UTC; fri-mon 22:00-23:30").days).toEqual({
      5: ["22:00", "23:30"],
      6: ["22:00", "23:30"],
      0: ["22:00", "23:30"],
      1: ["22:00", "23:30"],
    });
  });

  it("names what is wrong with a bad rule", () => {
    expect(() => parseHours("Mars/Olympus; mon 09:00-17:00")).toThrow(/not an IANA time zone/);
    expect(() => parseHours("UTC")).toThrow(/at least one rule/);
    expect(() => parseHours("UTC; weekdays 9-5")).toThrow(/"weekdays 9-5" is not a rule/);
    expect(() => parseHours("UTC; mon 17:00-09:00")).toThrow(/opening first/);
    expect(() => parseHours("UTC; mon 24:00-25:00")).toThrow(/is not a rule/);
  });

  it("is open inside the hours, in the schedule's own time zone", () => {
    // 2026-11-26 is a Thursday. 08:30 UTC is 09:30 in Madrid (UTC+1 in November).
    expect(isOpen(office, new Date("2026-11-26T08:30:00Z"))).toBe(true);
    expect(isOpen(office, new Date("2026-11-26T07:59:00Z"))).toBe(false);
    expect(isOpen(office, new Date("2026-11-26T16:00:00Z"))).toBe(false); // 17:00 in Madrid: closed
    expect(isOpen(office, new Date("2026-11-29T11:00:00Z"))).toBe(false); // Sunday
    expect(isOpen(null)).toBe(true);
  });

  it("finds the next opening, across the weekend", () => {
    // Saturday 15:00 in Madrid → Monday 09:00 in Madrid (08:00 UTC).
    expect(nextOpening(office, new Date("2026-11-28T14:00:00Z"))?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    // Thursday 07:00 in Madrid → 09:00 the same day.
    expect(nextOpening(office, new Date("2026-11-26T06:00:00Z"))?.toISOString()).toBe("2026-11-26T08:00:00.000Z");
    expect(nextOpening({ timeZone: "UTC", days: {} })).toBeNull();
  });

  it("describes the schedule in the visitor's language", () => {
    expect(describeHours(office, "en")).toBe("Monday–Friday 9:00 AM–5:00 PM and Saturday 10:00 AM–2:00 PM");
    expect(describeHours(office, "es")).toBe("lunes–viernes 9:00–17:00 y sábado 10:00–14:00");
    expect(describeHours(office, "ar")).toContain("الاثنين");
  });
});
