// A client component: each link keeps the page's other query parameters (the embed's host) and changes only one.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { LOCALES } from "@/lib/i18n/locales";
import { THEMES, type Theme } from "@/lib/theme";
import styles from "./preferences.module.css";

type Option = { value: string; label: string; lang?: string };

type Here = { pathname: string; searchParams: URLSearchParams | undefined };

/** Links to this page with one preference changed: a full load, so lang, dir and the theme change everywhere. */
function Choices({
  label,
  param,
  options,
  current,
  here,
}: {
  label: string;
  param: string;
  options: Option[];
  current: string;
  here: Here;
}) {
  return (
    <nav className={styles.preference} aria-label={label}>
      <span className={styles.label} aria-hidden="true">
        {label}:
      </span>
      <ul>
        {options.map((option) => {
          const params = new URLSearchParams(here.searchParams);
          params.set(param, option.value);
          params.delete("ended");
          return (
            <li key={option.value}>
              <a
                href={`${here.pathname}?${params}`}
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
  // Null only in the Pages Router before its router is ready: never for the landing page, rendered per request.
  const here: Here = { pathname: usePathname() ?? "/", searchParams: useSearchParams() ?? undefined };
  // The agent console is a staff tool in English only.
  if (here.pathname.startsWith("/agent")) return null;
  return (
    <div className={styles.preferences}>
      <Choices
        label={t("language.label")}
        param="lang"
        current={locale}
        here={here}
        options={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`), lang: l }))}
      />
      <Choices
        label={t("theme.label")}
        param="theme"
        current={theme}
        here={here}
        options={THEMES.map((th) => ({ value: th, label: t(`theme.${th}`) }))}
      />
    </div>
  );
}
