import { createTranslator } from "next-intl";
import { withBrand } from "@/lib/brand";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/pre-engagement";
import { widgetConfig } from "@/lib/widget-config";
import ar from "@/messages/ar.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";

const catalogs = { en, es, ar };

/**
 * The real catalog's translator, with the configured brand written in as the app does, for tests of code that takes
 * one; `fields` adds a test's own fields' texts.
 */
export function translator(locale: Locale = "en", fields: Record<string, unknown> = {}): Translate {
  const catalog = withBrand(catalogs[locale], widgetConfig.brand.name);
  const t = createTranslator({ locale, messages: { ...catalog, fields: { ...catalog.fields, ...fields } } });
  return (key, values) => (t as unknown as Translate)(key, values);
}
