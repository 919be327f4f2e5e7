// Client components: one message of the log (with its day separator and "New messages" divider), and a system line.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { memo } from "react";
import { Avatar } from "@/components/chat/avatar";
import type { LogContext } from "@/components/chat/log-context";
import { MessageBody } from "@/components/chat/message-body";
import { LocalTime } from "@/components/local-time";
import type { SystemLine } from "@/lib/chat/conversation-state";
import { dayKey, type TimelineItem } from "@/lib/chat/timeline";
import { dateTimeFormat } from "@/lib/intl-format";
import "./log.css";

const DAY: Intl.DateTimeFormatOptions = { weekday: "long", month: "long", day: "numeric" };

/**
 * Builds the log's formatters ahead of its first render, one step each: the day separator's, and the day keys'
 * (lib/chat/timeline).
 */
export function conversationLogWarmUps(locale: string): Array<() => void> {
  return [() => dateTimeFormat(locale, DAY), () => dayKey(new Date().toISOString())];
}

function DaySeparator({ day }: { day: string }) {
  const locale = useLocale();
  const [y, m, d] = day.split("-").map(Number);
  const text = dateTimeFormat(locale, DAY).format(new Date(y!, m! - 1, d!));
  return (
    <div className="day-separator">
      <span>{text}</span>
    </div>
  );
}

type MessageRowProps = { item: TimelineItem; read: boolean; context: LogContext };

// The timeline is rebuilt on each change (lib/chat/timeline), so rows compare what they show, not the item's identity:
// with a stable context (conversation-log.tsx), a new message or receipt re-renders only the rows it changes.
function sameRow(a: MessageRowProps, b: MessageRowProps): boolean {
  return (
    a.context === b.context &&
    a.read === b.read &&
    a.item.message === b.item.message &&
    a.item.groupStart === b.item.groupStart &&
    a.item.groupEnd === b.item.groupEnd &&
    a.item.day === b.item.day &&
    a.item.firstUnread === b.item.firstUnread
  );
}

export const MessageRow = memo(function MessageRow({ item, read, context }: MessageRowProps) {
  const t = useTranslations("log");
  const tChat = useTranslations("chat");
  const { message } = item;
  const own = message.author === context.selfIdentity;
  return (
    <>
      {item.day ? <DaySeparator day={item.day} /> : null}
      {item.firstUnread ? (
        <div className="unread-divider">
          <span>{t("newMessages")}</span>
        </div>
      ) : null}
      <div
        className={`message ${own ? "message-own" : "message-other"}${item.groupStart ? " message-group-start" : ""}`}
      >
        {own ? null : (
          <span className="avatar-slot">
            {item.groupEnd ? (
              <Avatar name={context.nameOf(message.author)} bot={context.isBot?.(message.author)} />
            ) : null}
          </span>
        )}
        <div className={item.groupStart ? "message-meta" : "visually-hidden"}>
          <span className="message-author">{own ? tChat("you") : context.nameOf(message.author)}</span>
          <span aria-hidden="true"> · </span>
          <LocalTime iso={message.dateCreated} />
        </div>
        <MessageBody text={message.body} markdown={context.markdownFrom === "self" ? own : !own} />
        {context.renderMedia?.(message)}
        {!message.body && message.media.length === 0 ? (
          <p className="message-body">
            <em>{t("noText")}</em>
          </p>
        ) : null}
        {read ? <div className="message-receipt">{t("read")}</div> : null}
      </div>
    </>
  );
}, sameRow);

export function SystemRow({ line, context }: { line: SystemLine; context: LogContext }) {
  const t = useTranslations("log");
  return <p className="system-line">{t(line.kind, { name: context.nameOf(line.identity) })}</p>;
}
