// A client component: the launcher's panel has one bar — the chat's own header — so its ✕ lives in the chat.
"use client";

import { useTranslations } from "next-intl";
import { useHostState } from "@/components/embed/use-host-state";
import { postToHost } from "@/lib/embed/bridge";
import "./embed.css";

/**
 * ✕ at the panel's top corner, over whichever screen the chat shows (form, chat, ended, an error). It asks the host
 * page to close the panel, as Esc does (the host moves focus back to the launcher). Only inside a host's panel:
 * until the chat is connected, the host's own bar (public/embed.js) shows a Close button instead.
 */
export function PanelClose() {
  const { connected } = useHostState();
  const t = useTranslations("launcher");
  if (!connected) return null;
  return (
    <button
      type="button"
      className="icon-button panel-close"
      aria-label={t("close")}
      onClick={() => postToHost({ type: "close-request" })}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="22"
        height="22"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      >
        <path d="M18 6 6 18M6 6l12 12" />
      </svg>
    </button>
  );
}
