import { withBrand } from "@/lib/brand";
import type { Locale } from "@/lib/i18n/locales";
import { widgetConfig } from "@/lib/widget-config";

const loaded = new Map<Locale, Promise<Record<string, unknown>>>();

/** A locale's catalog as visitors read it: messages/<locale>.json with the configured brand's name written in. */
export function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = import(`@/messages/${locale}.json`).then((module: { default: Record<string, unknown> }) =>
      withBrand(module.default, widgetConfig.brand.name),
    );
    loaded.set(locale, messages);
  }
  return messages;
}
