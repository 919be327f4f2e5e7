import type { GetServerSideProps } from "next";
import Head from "next/head";
import { NextIntlClientProvider, useTranslations, type AbstractIntlMessages } from "next-intl";
import styles from "@/components/landing.module.css";
import { SiteShell } from "@/components/site-shell";
import { pickNamespaces } from "@/lib/i18n/catalog";
import { loadMessages } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";
import { nodeHeader, requestPreferences } from "@/lib/request-preferences";
import { siteIcon } from "@/lib/brand";
import type { Theme } from "@/lib/theme";

/**
 * The hosted site's landing page: a stand-in for a contact center's own website, with the chat launcher in the
 * corner — the same public/embed.js that other sites include.
 *
 * It is the one page of the Pages Router, rendered on each request and served **without any client JavaScript**
 * but the launcher's: nothing on it needs React in the browser (its links are plain links), and the App Router
 * ships its client runtime with every page (there is no opt-out: vercel/next.js#45009). On this page that runtime
 * would share the main thread with the launcher's panel — a frame of the same site — and hold up its form
 * (docs/performance.md). `unstable_runtimeJS: false` is the Pages
 * Router's per-page switch for exactly this (vercel/next.js#11949); Next's CSS handling and the site's shared
 * components work as on any other page.
 */
export const config = { unstable_runtimeJS: false };

/** The catalog's parts this page shows (rendered on the server only: none of it reaches the browser). */
const NAMESPACES = ["meta", "landing", "language", "theme", "sandbox"] as const;

type Props = { locale: Locale; theme: Theme; nonce: string | null; sandbox: boolean; messages: AbstractIntlMessages };

export const getServerSideProps: GetServerSideProps<Props> = async ({ req }) => {
  const { locale, theme, nonce, sandbox } = requestPreferences(nodeHeader(req.headers));
  const catalog = (await loadMessages(locale)) as AbstractIntlMessages;
  return { props: { locale, theme, nonce, sandbox, messages: pickNamespaces(catalog, NAMESPACES) } };
};

export default function LandingPage({ locale, theme, nonce, sandbox, messages }: Props) {
  return (
    // No dates on this page; a time zone is named only so next-intl does not warn that it would guess one.
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC">
      <Landing locale={locale} theme={theme} nonce={nonce} sandbox={sandbox} />
    </NextIntlClientProvider>
  );
}

function Landing({ locale, theme, nonce, sandbox }: Omit<Props, "messages">) {
  const t = useTranslations();
  return (
    <>
      <Head>
        <title>{t("meta.title")}</title>
        <meta name="description" content={t("meta.description")} />
        <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
        <link rel="icon" href={siteIcon()} />
      </Head>
      <SiteShell theme={theme} sandbox={sandbox}>
        <section className={`card ${styles.landing}`} aria-labelledby="landing-title">
          <h1 id="landing-title">{t("landing.title")}</h1>
          <p className="lead">{t("landing.lead")}</p>
          <ul className={styles.points}>
            <li>{t("landing.launcherTip")}</li>
            <li>{t("landing.pageTip")}</li>
          </ul>
          <p>
            <a href={`/chat?lang=${locale}`} className="button button-primary">
              {t("landing.openPage")}
            </a>
          </p>
          {/* The sandbox is a demo: one person may play both the visitor and the agent of their own chat. */}
          {sandbox ? (
            <p className={styles.bothSides}>
              {t("landing.bothSidesTip")} <a href={`/demo?lang=${locale}`}>{t("landing.bothSides")}</a>
            </p>
          ) : null}
          {/* The launcher: one script tag, exactly what an embedding site adds. The page's appearance carries into
              the launcher's panel, as its language does ("system" is the default). The chat is what this page is
              for, so it loads with the page ("load"), not once the page is idle: measured, a visitor who clicks the
              moment the button shows had the form at 188–253 ms after the page opened, against 204–391 ms. */}
          <script
            src="/embed.js"
            nonce={nonce ?? undefined}
            data-lang={locale}
            data-theme={theme === "system" ? undefined : theme}
            data-preload="load"
            async
          />
        </section>
      </SiteShell>
    </>
  );
}
