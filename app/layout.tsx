import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { connection } from "next/server";
import { direction, isLocale } from "@/lib/i18n/locales";
import { pickNamespaces } from "@/lib/i18n/catalog";
import { requestPreferences } from "@/lib/request-preferences";
import { siteIcon } from "@/lib/brand";
import { themeCss } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { default: t("title"), template: `%s · ${t("title")}` },
    description: t("description"),
    icons: { icon: siteIcon() },
  };
}

/** The catalog's parts that client components use; the rest (server-rendered text) never ships to the browser. */
const CLIENT_NAMESPACES = [
  "language",
  "theme",
  "form",
  "fields",
  "chat",
  "log",
  "composer",
  "attachments",
  "banner",
  "ended",
  "rating",
  "endChat",
  "errors",
  "error",
  "launcher",
] as const;

export const viewport: Viewport = { width: "device-width", initialScale: 1, interactiveWidget: "resizes-content" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page depends on runtime configuration and the visitor's cookie: render at request time, never at build.
  await connection();
  const [locale, messages, requestHeaders] = await Promise.all([getLocale(), getMessages(), headers()]);
  const { theme, nonce } = requestPreferences((name) => requestHeaders.get(name));
  return (
    <html
      lang={locale}
      dir={isLocale(locale) ? direction(locale) : "ltr"}
      data-theme={theme === "system" ? undefined : theme}
    >
      <head>
        {/* The brand from lib/widget-config.ts (colours for light and dark, radius, font). */}
        <style nonce={nonce ?? undefined}>{themeCss({ ...widgetConfig.theme, ...widgetConfig.brand })}</style>
      </head>
      <body>
        <NextIntlClientProvider messages={pickNamespaces(messages, CLIENT_NAMESPACES)}>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
