import { createTranslator } from "next-intl";
import ar from "@/messages/ar.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/pre-engagement";

const catalogs = { en, es, ar };

/** The real catalog's translator, for tests of code that takes one. */
export function translator(locale: Locale = "en"): Translate {
  const t = createTranslator({ locale, messages: catalogs[locale] });
  return (key, values) => (t as unknown as Translate)(key, values);
}
