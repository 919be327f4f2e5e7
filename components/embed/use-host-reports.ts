"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { useHostState } from "@/components/embed/use-host-state";
import { postToHost } from "@/lib/embed/bridge";
import type { ChatMessage } from "@/lib/chat/types";

/**
 * In the embedded chat: counts messages from others that arrive while the host's panel is closed (the launcher's
 * badge), and tells the host when the chat has ended.
 */
/** How much of an unread message the launcher's preview card shows. */
export const PREVIEW_MAX_CHARS = 140;

export function useHostReports({
  enabled,
  messages,
  self,
  closed,
  nameOf,
}: {
  enabled: boolean;
  messages: ChatMessage[];
  self: string;
  closed: boolean;
  nameOf: (author: string) => string;
}) {
  const { connected, open, page } = useHostState();
  const t = useTranslations("launcher");
  const tChat = useTranslations("chat");
  const lastIndex = messages.at(-1)?.index ?? -1;
  const seenUpTo = useRef(lastIndex);
  const active = enabled && connected;

  useEffect(() => {
    if (!active) return;
    if (open) seenUpTo.current = lastIndex;
    const unread = open ? [] : messages.filter((m) => m.index > seenUpTo.current && m.author !== self);
    const newest = unread.at(-1);
    const text = newest ? (newest.body.trim() || tChat("attachmentOnly")).replace(/\s+/g, " ") : "";
    postToHost({
      type: "unread",
      count: unread.length,
      label: t("unread", { label: t("open"), count: unread.length }),
      preview: newest
        ? {
            name: nameOf(newest.author),
            text: text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS - 1)}…` : text,
          }
        : null,
    });
  }, [active, open, lastIndex, messages, self, t, tChat, nameOf]);

  useEffect(() => {
    if (active && closed) postToHost({ type: "ended" });
  }, [active, closed]);

  // The visitor moves about the host site during the chat: tell the agent where they are now (the start page went
  // with the form). A change refused as too frequent is simply superseded by the next one.
  const sentPage = useRef(page ? `${page.path}\n${page.title}` : "");
  useEffect(() => {
    if (!active || closed || !page) return;
    const key = `${page.path}\n${page.title}`;
    if (key === sentPage.current) return;
    sentPage.current = key;
    void fetch("/api/chat/page", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(page),
    }).catch(() => {});
  }, [active, closed, page]);
}

/** The reports as a component, so the live chat can load them with its later parts. */
export function HostReports(props: Parameters<typeof useHostReports>[0]): null {
  useHostReports(props);
  return null;
}
