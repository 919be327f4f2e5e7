// A client component: the ✕ of the launcher's panel, in the chat's own header (the panel has no bar of its own).
"use client";

import { useTranslations } from "next-intl";
import { postToHost } from "@/lib/embed/bridge";

/** Asks the embedding page to close the panel, as Esc does (public/embed.js then returns focus to the launcher). */
export function PanelCloseButton({ className = "icon-button" }: { className?: string }) {
  const t = useTranslations("chat");
  return (
    <button type="button" className={className} aria-label={t("close")} title={t("close")} onClick={() => postToHost({ type: "close-request" })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <path d="M18 6 6 18M6 6l12 12" />
      </svg>
    </button>
  );
}
