import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { StopEmailsForm } from "@/components/stop-emails-form";

export const metadata: Metadata = { title: "Emails about your chat", robots: { index: false } };

/** Asked before the emails stop: opening a link (as mail scanners do) changes nothing. */
export default async function StopEmailsPage({ searchParams }: { searchParams: Promise<{ t?: string }> }) {
  const { t: token } = await searchParams;
  const t = await getTranslations("resume");
  return (
    <section className="card" aria-labelledby="stop-title">
      <h1 id="stop-title">{t("stopTitle")}</h1>
      <p className="lead">{t("stopBody")}</p>
      <StopEmailsForm
        token={typeof token === "string" ? token.slice(0, 512) : ""}
        labels={{ stop: t("stopButton"), stopping: t("stopping") }}
      />
    </section>
  );
}
