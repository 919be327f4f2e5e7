import { describe, expect, it } from "vitest";
import { currentClosure, describeHours, isOpen, nextOpening, parseHours } from "@/lib/hours";

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

  it("stays right across the spring and autumn changes in Madrid (last Sundays of March and October)", () => {
    const daily = parseHours("Europe/Madrid; sun-sat 09:00-17:00");
    // Before the spring change Madrid is UTC+1, after it UTC+2: 09:00 opens at 08:00 UTC, then at 07:00 UTC.
    expect(nextOpening(daily, new Date("2026-03-28T20:00:00Z"))?.toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(isOpen(daily, new Date("2026-03-29T07:30:00Z"))).toBe(true); // 09:30 CEST
    expect(isOpen(daily, new Date("2026-03-28T07:30:00Z"))).toBe(false); // 08:30 CET, the day before
    // Autumn: back to UTC+1 on 2026-10-25.
    expect(nextOpening(daily, new Date("2026-10-24T20:00:00Z"))?.toISOString()).toBe("2026-10-25T08:00:00.000Z");
    expect(isOpen(daily, new Date("2026-10-25T07:30:00Z"))).toBe(false); // 08:30 CET
    expect(isOpen(daily, new Date("2026-10-25T15:59:00Z"))).toBe(true); // 16:59 CET
    expect(isOpen(daily, new Date("2026-10-25T16:00:00Z"))).toBe(false); // 17:00 CET
  });

  it("stays right across the spring and autumn changes in New York (March 8 and November 1, 2026)", () => {
    const early = parseHours("America/New_York; sun-sat 02:30-10:00");
    // 02:30 does not exist on 2026-03-08 (clocks jump 02:00 → 03:00): it opens at the first moment after, 03:30 EDT.
    expect(nextOpening(early, new Date("2026-03-08T05:00:00Z"))?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // On 2026-11-01 01:00–02:00 happens twice; 02:30 is after the change: EST, UTC-5.
    expect(nextOpening(early, new Date("2026-11-01T04:00:00Z"))?.toISOString()).toBe("2026-11-01T07:30:00.000Z");
    const office = parseHours("America/New_York; mon-fri 09:00-17:00");
    // Friday 2026-10-30 17:30 EDT → Monday 2026-11-02 09:00 EST (14:00 UTC), across the change.
    expect(nextOpening(office, new Date("2026-10-30T21:30:00Z"))?.toISOString()).toBe("2026-11-02T14:00:00.000Z");
    expect(isOpen(office, new Date("2026-11-02T14:00:00Z"))).toBe(true);
    expect(isOpen(office, new Date("2026-11-02T13:59:00Z"))).toBe(false);
  });

  it("closes on closures, says why, and opens again after them", () => {
    const holidays = parseHours(
      "Europe/Madrid; mon-fri 09:00-17:00; closed 2026-12-24..2026-12-25 Christmas; closed 2026-12-31",
    );
    expect(holidays.closures).toEqual([
      { from: "2026-12-24", to: "2026-12-25", reason: "Christmas" },
      { from: "2026-12-31", to: "2026-12-31" },
    ]);
    const christmasEve = new Date("2026-12-24T10:00:00Z"); // Thursday, 11:00 in Madrid
    expect(isOpen(holidays, christmasEve)).toBe(false);
    expect(currentClosure(holidays, christmasEve)).toEqual({
      from: "2026-12-24",
      to: "2026-12-25",
      reason: "Christmas",
    });
    // Closed Thursday and Friday, the weekend, so Monday 28th, 09:00 CET.
    expect(nextOpening(holidays, christmasEve)?.toISOString()).toBe("2026-12-28T08:00:00.000Z");
    expect(isOpen(holidays, new Date("2026-12-28T10:00:00Z"))).toBe(true);
    expect(currentClosure(holidays, new Date("2026-12-28T10:00:00Z"))).toBeNull();
    // The day is the schedule's: 23:30 UTC on the 30th is already the 31st in Madrid.
    expect(currentClosure(holidays, new Date("2026-12-30T23:30:00Z"))).toEqual({
      from: "2026-12-31",
      to: "2026-12-31",
    });
  });

  it("names a bad closure", () => {
    expect(() => parseHours("UTC; mon 09:00-17:00; closed 2026-02-30")).toThrow(/not a closure/);
    expect(() => parseHours("UTC; mon 09:00-17:00; closed 2026-12-26..2026-12-24")).toThrow(/earliest first/);
    expect(() => parseHours("UTC; closed 2026-12-24")).toThrow(/at least one rule of days and times/);
    expect(() => parseHours(`UTC; mon 09:00-17:00; closed 2026-12-24 ${"x".repeat(130)}`)).toThrow(/longer than 120/);
  });
});
