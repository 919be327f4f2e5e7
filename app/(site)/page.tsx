import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import Link from "next/link";
import { THEME_HEADER } from "@/lib/request-preferences";
import { isTheme } from "@/lib/theme";
import "./landing.css";

/**
 * The hosted site's landing page: a stand-in for a contact center's own website, with the chat launcher in the
 * corner — the same public/embed.js that other sites include.
 */
export default async function Home() {
  const requestHeaders = await headers();
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  // The page's chosen appearance carries into the launcher's panel (as its language does); "system" is the default.
  const chosen = requestHeaders.get(THEME_HEADER);
  const theme = isTheme(chosen) && chosen !== "system" ? chosen : undefined;
  const [t, locale] = await Promise.all([getTranslations("landing"), getLocale()]);
  return (
    <section className="card landing" aria-labelledby="landing-title">
      <h1 id="landing-title">{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ul className="landing-points">
        <li>{t("launcherTip")}</li>
        <li>{t("pageTip")}</li>
      </ul>
      <p>
        {/* Not prefetched: its requests would queue ahead of the launcher's chat, which most visitors use. */}
        <Link href={`/chat?lang=${locale}`} className="button button-primary" prefetch={false}>
          {t("openPage")}
        </Link>
      </p>
      {/* The launcher: one script tag, exactly what an embedding site adds. */}
      {/* High priority: React puts the tag in the head after the page's own scripts, and on HTTP/1.1's few connections
          a low-priority request waits for them. It may then run before the page hydrates: the launcher puts itself
          back if the body is rendered again without it. */}
      <script src="/embed.js" nonce={nonce} data-lang={locale} data-theme={theme} async fetchPriority="high" />
    </section>
  );
}
