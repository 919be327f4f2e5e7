// A client component: each link keeps the page's other query parameters (the embed's host) and changes only one.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { LOCALES } from "@/lib/i18n/locales";
import { THEMES, type Theme } from "@/lib/theme";
import styles from "./preferences.module.css";

type Option = { value: string; label: string; lang?: string };

/** Links to this page with one preference changed: a full load, so lang, dir and the theme change everywhere. */
function Choices({ label, param, options, current }: { label: string; param: string; options: Option[]; current: string }) {
  // Null only in the Pages Router before its router is ready: never for the landing page, rendered per request.
  const pathname = usePathname() ?? "/";
  const searchParams = useSearchParams() ?? undefined;
  return (
    <nav className={styles.preference} aria-label={label}>
      <span className={styles.label} aria-hidden="true">
        {label}:
      </span>
      <ul>
        {options.map((option) => {
          const params = new URLSearchParams(searchParams);
          params.set(param, option.value);
          params.delete("ended");
          return (
            <li key={option.value}>
              <a
                href={`${pathname}?${params}`}
                lang={option.lang}
                hrefLang={option.lang}
                aria-current={option.value === current ? "true" : undefined}
              >
                {option.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The visitor's language and appearance. Nothing is stored until they start a chat: the choice rides in the URL. */
export function Preferences({ theme }: { theme: Theme }) {
  const t = useTranslations();
  const locale = useLocale();
  const pathname = usePathname() ?? "/";
  // The agent console is a staff tool in English only.
  if (pathname.startsWith("/agent")) return null;
  return (
    <div className={styles.preferences}>
      <Choices
        label={t("language.label")}
        param="lang"
        current={locale}
        options={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`), lang: l }))}
      />
      <Choices
        label={t("theme.label")}
        param="theme"
        current={theme}
        options={THEMES.map((th) => ({ value: th, label: t(`theme.${th}`) }))}
      />
    </div>
  );
}
