import { getLocale, getTranslations } from "next-intl/server";
import { describeHours, nextOpening, type Hours } from "@/lib/hours";

/** Outside operating hours: when the team answers, and when it opens next, instead of a form nobody would read. */
export async function OfflinePanel({ hours, headingLevel = 1 }: { hours: Hours; headingLevel?: 1 | 2 }) {
  const [t, locale] = await Promise.all([getTranslations("hours"), getLocale()]);
  const next = nextOpening(hours);
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section className="card offline" aria-labelledby="offline-title">
      <Heading id="offline-title">{t("closedTitle")}</Heading>
      <p>{t("closedBody", { hours: describeHours(hours, locale), timeZone: hours.timeZone.replaceAll("_", " ") })}</p>
      {next ? (
        <p>
          {t("nextOpen", {
            when: new Intl.DateTimeFormat(locale, {
              weekday: "long",
              hour: "numeric",
              minute: "2-digit",
              timeZone: hours.timeZone,
            }).format(next),
          })}
        </p>
      ) : null}
    </section>
  );
}
