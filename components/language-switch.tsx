// A client component: each link keeps the page's other query parameters (the embed's host) and changes only ?lang.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { LOCALES } from "@/lib/i18n/locales";

/** Links to this page in each language, each named in its own language. A full load, so lang and dir change too. */
export function LanguageSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The agent console is a staff tool in English only.
  if (pathname.startsWith("/agent")) return null;
  return (
    <nav className="language-switch" aria-label={t("label")}>
      <ul>
        {LOCALES.map((locale) => {
          const params = new URLSearchParams(searchParams);
          params.set("lang", locale);
          params.delete("ended");
          return (
            <li key={locale}>
              <a
                href={`${pathname}?${params}`}
                lang={locale}
                hrefLang={locale}
                aria-current={locale === current ? "true" : undefined}
              >
                {t(locale)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
