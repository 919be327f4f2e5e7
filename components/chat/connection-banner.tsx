import { useTranslations } from "next-intl";
import type { ConnectionStatus } from "@/lib/chat/types";

/** The live connection's state in words; quiet while all is well. */
export function ConnectionBanner({ status, reconnected }: { status: ConnectionStatus; reconnected: boolean }) {
  const t = useTranslations("banner");
  let text: string | null = null;
  let tone = "info";
  if (status === "disconnected") {
    text = t("disconnected");
    tone = "warning";
  } else if (status === "denied") {
    text = t("denied");
    tone = "error";
  } else if (reconnected) {
    text = t("reconnected");
    tone = "success";
  }
  return (
    <div className={`banner banner-${tone}`} role="status" hidden={text === null}>
      {text}
    </div>
  );
}
