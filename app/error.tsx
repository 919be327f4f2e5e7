// Next requires error boundaries to be client components.
"use client";

import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("error");
  return (
    <div className="page">
      <main className="main">
        <section className="card" role="alert">
          <h1>{t("title")}</h1>
          <p>{t("body")}</p>
          <button type="button" className="button button-primary" onClick={reset}>
            {t("retry")}
          </button>
        </section>
      </main>
    </div>
  );
}
