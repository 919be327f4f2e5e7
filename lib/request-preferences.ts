import type { IncomingHttpHeaders } from "node:http";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import { isTheme, type Theme } from "@/lib/theme";

/** Request headers proxy.ts sets from ?lang / ?theme, the remembered cookies and Accept-Language. */
export const LOCALE_HEADER = "x-webchat-locale";
export const THEME_HEADER = "x-webchat-theme";
/** The CSP nonce proxy.ts made for this response (Next reads it too, for its own scripts). */
export const NONCE_HEADER = "x-nonce";
/** Set by proxy.ts to "sandbox" when the app runs on the embedded sandbox, for pages that cannot read the env. */
export const SANDBOX_HEADER = "x-webchat-sandbox";

/** proxy.ts's choices for one request, read from its headers (the App Router's `headers()`, or a Node request's). */
export function requestPreferences(header: (name: string) => string | null | undefined): {
  locale: Locale;
  theme: Theme;
  nonce: string | null;
  sandbox: boolean;
} {
  const locale = header(LOCALE_HEADER);
  const theme = header(THEME_HEADER);
  return {
    locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
    theme: isTheme(theme) ? theme : "system",
    nonce: header(NONCE_HEADER) ?? null,
    sandbox: header(SANDBOX_HEADER) === "sandbox",
  };
}

/** A header of a Node request (pages/), where a repeated header is an array: not one of ours, so none. */
export function nodeHeader(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name];
    return typeof value === "string" ? value : undefined;
  };
}
