import { useTranslations } from "next-intl";

/** A discreet note that the app runs on the embedded sandbox, with the way to answer as the agent. */
export function SandboxBadge() {
  const t = useTranslations("sandbox");
  return (
    <p className="sandbox-badge">
      <span className="sandbox-dot" aria-hidden="true" />
      {t("note")}{" "}
      {/* A plain link, never prefetched: the console may sit behind a password, and visitors never need it. */}
      <a href="/agent" target="_blank">
        {t("console")}
      </a>
    </p>
  );
}
