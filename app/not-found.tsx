import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("notFound");
  return (
    <div className="page">
      <main className="main">
        <section className="card">
          <h1>{t("title")}</h1>
          <p>{t("body")}</p>
          <Link href="/chat" className="button button-primary">
            {t("back")}
          </Link>
        </section>
      </main>
    </div>
  );
}
