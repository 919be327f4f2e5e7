// A client component: it connects the chat in the iframe to the host page's embed script.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect } from "react";
import { connectBridge, postToHost } from "@/lib/embed/bridge";
import { useHostState } from "@/components/embed/use-host-state";
import { direction, isLocale } from "@/lib/i18n/locales";
import { PanelClose } from "@/components/embed/panel-close";

/** `invitable`: whether the host may invite the visitor now (within hours, no chat of theirs under way). */
export function EmbedHost({ hostOrigin, invitable }: { hostOrigin: string; invitable: boolean }) {
  const { open, connected } = useHostState();
  const t = useTranslations("launcher");
  const locale = useLocale();
  const [openLabel, closeLabel, dismissLabel, inviteLabel, dismissInviteLabel] = [
    t("open"),
    t("close"),
    t("dismissPreview"),
    t("invite"),
    t("dismissInvite"),
  ];
  const dir = isLocale(locale) ? direction(locale) : "ltr";

  useEffect(
    () =>
      connectBridge(hostOrigin, {
        type: "ready",
        labels: {
          open: openLabel,
          close: closeLabel,
          dismiss: dismissLabel,
          invite: inviteLabel,
          dismissInvite: dismissInviteLabel,
        },
        dir,
        invitable,
      }),
    [hostOrigin, openLabel, closeLabel, dismissLabel, inviteLabel, dismissInviteLabel, dir, invitable],
  );

  // Esc inside the iframe never reaches the host page: ask it to close the panel (unless a dialog here is open,
  // which Esc closes first).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || document.querySelector("dialog[open]")) return;
      postToHost({ type: "close-request" });
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  // When the panel opens, put the visitor where they will type — unless they are already in a field (the panel may
  // report ready after the visitor has clicked into it): never steal focus mid-typing.
  useEffect(() => {
    // In the host's panel, wait for the host to say it is shown (a warmed panel is loaded closed).
    if (!open || (window.parent !== window && !connected)) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const target = document.querySelector<HTMLElement>(
      'textarea[name="message"]:not(:disabled), .form input:not([type="hidden"]), .ended button',
    );
    target?.focus();
  }, [open, connected]);

  return <PanelClose />;
}
