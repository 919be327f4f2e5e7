// A client component: the screen reader's news of the conversation log.
"use client";

import { useTranslations } from "next-intl";
import type { LogContext } from "@/components/chat/log-context";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { ChatMessage } from "@/lib/chat/types";

/**
 * Reads out each message that arrives from someone else, once, with its author: a hidden log that only ever
 * grows at the end (history pages and re-rendered rows never reach it).
 */
export function Announcer({
  messages,
  lines,
  since,
  context,
}: {
  messages: ChatMessage[];
  lines: SystemLine[];
  since: number;
  context: Omit<LogContext, "loadingOlder">;
}) {
  const t = useTranslations("log");
  const tChat = useTranslations("chat");
  const fresh = messages.filter((m) => m.index > since && m.author !== context.selfIdentity).slice(-5);
  return (
    <div role="log" aria-label={t("announcements")} className="visually-hidden">
      {lines.slice(-3).map((line) => (
        <p key={line.key}>{t(line.kind, { name: context.nameOf(line.identity) })}</p>
      ))}
      {fresh.map((m) => (
        <p key={m.sid}>{`${context.nameOf(m.author)}: ${m.body || tChat("attachmentOnly")}`}</p>
      ))}
    </div>
  );
}
