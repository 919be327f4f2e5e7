// A client component: a message the visitor wrote that the backend has not confirmed yet (Sending…, or Not sent and why).
"use client";

import { useTranslations } from "next-intl";
import type { LogContext } from "@/components/chat/log-context";
import { MessageBody } from "@/components/chat/message-body";
import type { OutboxItem } from "@/lib/chat/outbox";

export function PendingRow({ item, context }: { item: OutboxItem; context: LogContext }) {
  const t = useTranslations("log");
  const tChat = useTranslations("chat");
  return (
    <div className="message message-own message-group-start message-pending">
      <div className="message-meta">
        <span className="message-author">{tChat("you")}</span>
      </div>
      <MessageBody text={item.body} />
      {item.status === "failed" ? (
        <div className="message-status message-status-failed" role="alert">
          {item.error ? t("notSentBecause", { reason: item.error }) : t("notSent")}
          {context.onRetry ? (
            <>
              {" — "}
              <button type="button" className="link-button" onClick={() => context.onRetry?.(item.clientId)}>
                {t("retry")}
              </button>
            </>
          ) : null}
        </div>
      ) : (
        <div className="message-status">{t("sending")}</div>
      )}
    </div>
  );
}
