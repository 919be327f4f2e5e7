import { getLocale, getTranslations } from "next-intl/server";
import { currentClosure, describeHours, nextOpening, type Hours } from "@/lib/hours";
import { dateTimeFormat } from "@/lib/intl-format";

/**
 * When no one answers and no message can be left (no way to email a reply): when the team answers and when it
 * opens next, instead of a form nobody would read. Without hours (CHAT_AWAY), only that no one is available.
 */
export async function OfflinePanel({ hours }: { hours: Hours | null }) {
  const t = await getTranslations("hours");
  return (
    <section className="card offline" aria-labelledby="offline-title">
      <h1 id="offline-title">{t("closedTitle")}</h1>
      {hours ? <HoursNote hours={hours} /> : <p>{t("awayBody")}</p>}
    </section>
  );
}

/** The team's hours, today's closure if any, and the next opening, in the visitor's language and the team's zone. */
export async function HoursNote({ hours }: { hours: Hours }) {
  const [t, locale] = await Promise.all([getTranslations("hours"), getLocale()]);
  const now = new Date();
  const next = nextOpening(hours, now);
  const closure = currentClosure(hours, now);
  // Within the week a weekday says when; further away (after a closure) the date does.
  const soon = next !== null && next.getTime() - now.getTime() < 6 * 24 * 3600 * 1000;
  return (
    <>
      {closure ? <p>{closure.reason ? t("closedForReason", { reason: closure.reason }) : t("closedToday")}</p> : null}
      <p>{t("closedBody", { hours: describeHours(hours, locale), timeZone: hours.timeZone.replaceAll("_", " ") })}</p>
      {next ? (
        <p>
          {t("nextOpen", {
            when: dateTimeFormat(locale, {
              weekday: "long",
              ...(soon ? {} : { month: "long", day: "numeric" }),
              hour: "numeric",
              minute: "2-digit",
              timeZone: hours.timeZone,
            }).format(next),
          })}
        </p>
      ) : null}
    </>
  );
}
