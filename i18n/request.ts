import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import { LOCALE_HEADER } from "@/lib/request-preferences";

// The language proxy.ts chose for this request (explicit choice, remembered, Accept-Language, English), unless the
// caller names one (`getTranslations({ locale })`: a transcript email, in the language of the visitor it goes to).
export default getRequestConfig(async ({ locale: requested }) => {
  const chosen = isLocale(requested) ? requested : (await headers()).get(LOCALE_HEADER);
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  return { locale, messages: await loadMessages(locale) };
});
