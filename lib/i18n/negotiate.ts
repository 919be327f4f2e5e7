import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "@/lib/i18n/locales";

// Server only (proxy.ts): the header parsing and matching libraries stay out of the browser's bundle.

/**
 * The language of a request: an explicit choice (`?lang=`, from the switch or the embed script's data-lang) wins,
 * then the remembered one, then the browser's Accept-Language, then English.
 */
export function negotiateLocale({
  param,
  cookie,
  acceptLanguage,
}: {
  param?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(param)) return param;
  if (isLocale(cookie)) return cookie;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages();
  try {
    const matched = match(requested, LOCALES, DEFAULT_LOCALE);
    return isLocale(matched) ? matched : DEFAULT_LOCALE;
  } catch {
    // A malformed language tag in the header: fall back rather than fail the page.
    return DEFAULT_LOCALE;
  }
}
