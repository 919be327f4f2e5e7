import { describe, expect, it } from "vitest";
import { direction } from "@/lib/i18n/locales";
import { negotiateLocale } from "@/lib/i18n/negotiate";

describe("negotiateLocale", () => {
  it("prefers an explicit choice, then the remembered one, then Accept-Language", () => {
    expect(negotiateLocale({ param: "ar", cookie: "es", acceptLanguage: "en" })).toBe("ar");
    expect(negotiateLocale({ param: "fr", cookie: "es", acceptLanguage: "en" })).toBe("es");
    expect(negotiateLocale({ acceptLanguage: "es-MX,es;q=0.9,en;q=0.5" })).toBe("es");
    expect(negotiateLocale({ acceptLanguage: "fr-FR, ar-EG;q=0.8, en;q=0.1" })).toBe("ar");
  });

  it("falls back to English for unknown, missing or malformed languages", () => {
    expect(negotiateLocale({ acceptLanguage: "de-DE,fr;q=0.5" })).toBe("en");
    expect(negotiateLocale({})).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "*;q=0.5,@@@" })).toBe("en");
    expect(negotiateLocale({ param: "<script>" })).toBe("en");
  });

  it("writes Arabic right to left", () => {
    expect(direction("ar")).toBe("rtl");
    expect(direction("es")).toBe("ltr");
  });
});
