import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat } from "@/lib/intl-format";

describe("shared Intl formatters", () => {
  it("builds one formatter per locale and options, and a different one when either differs", () => {
    const time = dateTimeFormat("en", { hour: "numeric", minute: "2-digit" });
    expect(dateTimeFormat("en", { hour: "numeric", minute: "2-digit" })).toBe(time);
    expect(dateTimeFormat("es", { hour: "numeric", minute: "2-digit" })).not.toBe(time);
    expect(dateTimeFormat("en", { hour: "numeric" })).not.toBe(time);
    expect(numberFormat("en", { maximumFractionDigits: 1 })).toBe(numberFormat("en", { maximumFractionDigits: 1 }));
  });

  it("formats exactly as a new formatter would, time zone included", () => {
    const at = new Date("2026-03-29T00:30:00Z");
    const options = { timeZone: "Europe/Madrid", year: "numeric", month: "2-digit", day: "2-digit" } as const;
    expect(dateTimeFormat("en-CA", options).format(at)).toBe(new Intl.DateTimeFormat("en-CA", options).format(at));
    expect(dateTimeFormat("en-CA", { ...options, timeZone: "America/New_York" }).format(at)).toBe("2026-03-28");
  });
});
