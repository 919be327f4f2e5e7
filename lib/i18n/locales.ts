import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

/** The languages the chat ships in. Arabic is written right to left. */
export const LOCALES = ["en", "es", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Remembers a visitor's language once they have started a chat (never before: nothing is stored until then). */
export const LOCALE_COOKIE = "webchat_locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

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
