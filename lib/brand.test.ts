import compile from "icu-minify/compile";
import format from "icu-minify/format";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { brandProblems, withBrand } from "@/lib/brand";
import { loadMessages } from "@/lib/i18n/messages";
import { LOCALES } from "@/lib/i18n/locales";
import { widgetConfig } from "@/lib/widget-config";

// A fork's own brand, not the shipped one: these tests are about how a brand is applied, whatever it is.
const brand = {
  name: "O'Brien & Daughters",
  logo: "/brand/logo.svg",
  light: { brand: "#0f766e", brandStrong: "#115e59", onBrand: "#ffffff" },
  dark: { brand: "#5eead4", brandStrong: "#99f6e4", onBrand: "#042f2e" },
};

// What next-intl hands the compiled catalogs' formatter.
const formatters = {
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

describe("withBrand", () => {
  const catalog = {
    meta: { title: "Chat with {brand}" },
    mail: { intro: "Your conversation with {brand}, {name}." },
    launcher: { unread: "{label}, {count, plural, one {# message from {brand}} other {# messages}}" },
  };

  it("writes the name into every {brand}, nested or not, and leaves the other arguments to the translator", () => {
    const t = createTranslator({ locale: "en", messages: withBrand(catalog, brand.name) });
    expect(t("meta.title")).toBe("Chat with O'Brien & Daughters");
    expect(t("mail.intro", { name: "Maria" })).toBe("Your conversation with O'Brien & Daughters, Maria.");
    expect(t("launcher.unread", { label: "Chat", count: 1 })).toBe("Chat, 1 message from O'Brien & Daughters");
  });

  it("keeps an apostrophe literal even where the message syntax would start a quotation with it", () => {
    const t = createTranslator({ locale: "en", messages: withBrand({ sign: "{brand}{name}" }, "Rock 'n' Roll'") });
    expect(t("sign", { name: "s" })).toBe("Rock 'n' Roll's");
  });

  it("writes the name into a compiled catalog (as the build ships it) with the same result as into the written one", () => {
    const values = { name: "Maria", label: "Chat", count: 1 };
    const keys = ["meta.title", "mail.intro", "launcher.unread"] as const;
    const compiled = JSON.parse(
      JSON.stringify(catalog, (_, value) => (typeof value === "string" ? compile(value) : value)),
    );
    const branded = withBrand(compiled, brand.name);
    const written = createTranslator({ locale: "en", messages: withBrand(catalog, brand.name) });
    for (const key of keys) {
      const [part, leaf] = key.split(".") as [keyof typeof catalog, string];
      expect(format((branded[part] as Record<string, never>)[leaf]!, "en", values, { formatters }), key).toBe(
        written(key, values),
      );
    }
    expect(JSON.stringify(branded)).not.toContain('["brand"]');
    // A message left with no argument is one string, as a catalog as written has it: the landing page reads those.
    expect(branded.meta.title).toBe("Chat with O'Brien & Daughters");
  });

  it("does not change the catalog it is given", () => {
    withBrand(catalog, brand.name);
    expect(catalog.meta.title).toBe("Chat with {brand}");
  });

  it("leaves no {brand} in any shipped catalog as the app loads it", async () => {
    for (const locale of LOCALES) {
      const text = JSON.stringify(await loadMessages(locale));
      expect(text, locale).not.toContain("{brand}");
      expect(text, locale).toContain(widgetConfig.brand.name.replaceAll("'", "''"));
    }
  });
});

describe("brandProblems", () => {
  it("accepts a name in any script with a company's punctuation, and a logo under public/", () => {
    expect(brandProblems(brand)).toEqual([]);
    expect(brandProblems({ ...brand, name: "شركة النور", logo: null })).toEqual([]);
    expect(brandProblems(widgetConfig.brand)).toEqual([]);
  });

  it.each([
    ["empty", ""],
    ["padded", " Acme "],
    ["too long", "A".repeat(61)],
    ["an ICU argument", "Acme {name}"],
    ["a rich-text tag", "Acme <b>"],
    ["a plural count", "Acme #1"],
    ["a control character", "Acme\nInc"],
  ])("refuses a name that is %s, naming the setting", (_, name) => {
    expect(brandProblems({ ...brand, name })).toEqual([expect.stringContaining("widgetConfig.brand.name")]);
  });

  it.each([["logo.svg"], ["/../secret.svg"], ["/logo.gif"], ["https://cdn.example.com/logo.svg"], ["/a b.svg"]])(
    "refuses the logo %s, naming the setting",
    (logo) => {
      expect(brandProblems({ ...brand, logo })).toEqual([expect.stringContaining("widgetConfig.brand.logo")]);
    },
  );
});
