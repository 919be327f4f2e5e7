// A client component: a virtualized, scroll-anchored log (react-virtuoso) with history paging and "Jump to latest".
"use client";

import { useLocale, useTranslations } from "next-intl";
import { memo, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode, type Ref } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { LocalTime } from "@/components/local-time";
import { Avatar } from "@/components/chat/avatar";
import { MessageBody } from "@/components/chat/message-body";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { OutboxItem } from "@/lib/chat/outbox";
import { buildTimeline, dayKey, type TimelineItem } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";
import { dateTimeFormat } from "@/lib/intl-format";

type Row =
  | { kind: "message"; item: TimelineItem }
  | { kind: "system"; line: SystemLine }
  | { kind: "pending"; item: OutboxItem };

type Context = {
  selfIdentity: string;
  nameOf: (author: string) => string;
  lastOwnIndex: number | undefined;
  readByOthersUpTo: number;
  /** Absent when retrying makes no sense (the chat has ended). */
  onRetry?: (clientId: string) => void;
  renderMedia?: (message: ChatMessage) => ReactNode;
  loadingOlder: boolean;
};

type Props = Omit<Context, "lastOwnIndex" | "loadingOlder"> & {
  messages: ChatMessage[];
  pending: OutboxItem[];
  /** "Ana joined the chat" lines, placed after the message each follows. */
  systemLines?: SystemLine[];
  firstUnreadIndex: number | null;
  hasOlder: boolean;
  onLoadOlder: () => Promise<number>;
  emptyText: string;
};

const NO_LINES: SystemLine[] = [];

// Virtuoso needs a stable, positive index base to prepend older pages without the view jumping.
const START_INDEX = 1_000_000;

const DAY: Intl.DateTimeFormatOptions = { weekday: "long", month: "long", day: "numeric" };

/** Builds the log's formatters ahead of its first render: the day separator's, and the day keys' (lib/chat/timeline). */
export function warmConversationLog(locale: string): void {
  dateTimeFormat(locale, DAY);
  dayKey(new Date().toISOString());
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

// Memoized with a stable context (below): a new message re-renders only its own row, not every visible one.
const MessageRow = memo(function MessageRow({ item, context }: { item: TimelineItem; context: Context }) {
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
      <div className={`message ${own ? "message-own" : "message-other"}${item.groupStart ? " message-group-start" : ""}`}>
        {own ? null : <span className="avatar-slot">{item.groupEnd ? <Avatar name={context.nameOf(message.author)} /> : null}</span>}
        <div className={item.groupStart ? "message-meta" : "visually-hidden"}>
          <span className="message-author">{own ? tChat("you") : context.nameOf(message.author)}</span>
          <span aria-hidden="true"> · </span>
          <LocalTime iso={message.dateCreated} />
        </div>
        <MessageBody text={message.body} />
        {context.renderMedia?.(message)}
        {!message.body && message.media.length === 0 ? (
          <p className="message-body">
            <em>{t("noText")}</em>
          </p>
        ) : null}
        {own && message.index === context.lastOwnIndex && context.readByOthersUpTo >= message.index ? (
          <div className="message-receipt">{t("read")}</div>
        ) : null}
      </div>
    </>
  );
});

function SystemRow({ line, context }: { line: SystemLine; context: Context }) {
  const t = useTranslations("log");
  return <p className="system-line">{t(line.kind, { name: context.nameOf(line.identity) })}</p>;
}

function PendingRow({ item, context }: { item: OutboxItem; context: Context }) {
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

function Scroller({
  ref,
  children,
  style,
  context: _context,
  ...props
}: {
  ref?: Ref<HTMLDivElement>;
  children?: ReactNode;
  style?: CSSProperties;
  tabIndex?: number;
  context?: Context;
}) {
  const t = useTranslations("log");
  // The scrolling log is focusable so keyboard users can scroll the history.
  return (
    // Not live itself: the virtual list adds rows as the reader scrolls, which must not be read out as news.
    // New messages are announced once, by <Announcer>.
    <div {...props} ref={ref} style={style} className="chat-scroll" role="log" aria-label={t("label")} aria-live="off" tabIndex={0}>
      {children}
    </div>
  );
}

function List({
  ref,
  children,
  style,
}: {
  ref?: Ref<HTMLDivElement>;
  children?: ReactNode;
  style?: CSSProperties;
  context?: Context;
}) {
  return (
    <ol ref={ref as unknown as Ref<HTMLOListElement>} style={style} className="message-list">
      {children}
    </ol>
  );
}

function Item({ children, item: _item, context: _context, ...props }: { children?: ReactNode; item: Row; context?: Context; style?: CSSProperties }) {
  return <li {...props}>{children}</li>;
}

function Header({ context }: { context?: Context }) {
  const t = useTranslations("log");
  return context?.loadingOlder ? (
    <p className="log-note" role="status">
      {t("loadingOlder")}
    </p>
  ) : null;
}

/**
 * Reads out each message that arrives from someone else, once, with its author: a hidden log that only ever
 * grows at the end (history pages and re-rendered rows never reach it).
 */
function Announcer({
  messages,
  lines,
  since,
  context,
}: {
  messages: ChatMessage[];
  lines: SystemLine[];
  since: number;
  context: Omit<Context, "lastOwnIndex" | "loadingOlder">;
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

// Defined once: Virtuoso remounts components it is handed anew.
const COMPONENTS = { Scroller, List, Item, Header };

export function ConversationLog({
  messages,
  pending,
  systemLines = NO_LINES,
  firstUnreadIndex,
  hasOlder,
  onLoadOlder,
  emptyText,
  ...context
}: Props) {
  const t = useTranslations("log");
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [firstItemIndex, setFirstItemIndex] = useState(START_INDEX);
  const [atBottom, setAtBottom] = useState(true);
  const stickToBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const newestIndex = messages.at(-1)?.index ?? -1;
  const lastNewest = useRef(newestIndex);
  // What was already there when the log appeared (the history) is not news.
  const [announceAfter] = useState(newestIndex);

  const rows = useMemo<Row[]>(() => {
    const timeZone = typeof window === "undefined" ? "UTC" : undefined;
    const timeline: Row[] = [];
    // Lines from before the first message held (an older page not loaded) go first.
    const firstIndex = messages[0]?.index ?? Infinity;
    for (const line of systemLines) if (line.afterIndex < firstIndex) timeline.push({ kind: "system", line });
    for (const item of buildTimeline(messages, { firstUnreadIndex, timeZone })) {
      timeline.push({ kind: "message", item });
      for (const line of systemLines) if (line.afterIndex === item.message.index) timeline.push({ kind: "system", line });
    }
    return [...timeline, ...pending.map((item) => ({ kind: "pending" as const, item }))];
  }, [messages, pending, systemLines, firstUnreadIndex]);

  // Initial-only props: Virtuoso reads them once; handing it new values on each render would reset it.
  const [initialCount] = useState(rows.length);
  const lastOwnIndex = messages.findLast((m) => m.author === context.selfIdentity)?.index;
  const { selfIdentity, nameOf, readByOthersUpTo, onRetry, renderMedia } = context;
  const rowContext = useMemo<Context>(
    () => ({ selfIdentity, nameOf, readByOthersUpTo, onRetry, renderMedia, lastOwnIndex, loadingOlder }),
    [selfIdentity, nameOf, readByOthersUpTo, onRetry, renderMedia, lastOwnIndex, loadingOlder],
  );

  // Count what arrived at the end while the reader was scrolled up (not older pages), for "Jump to latest".
  useEffect(() => {
    const added = messages.filter((m) => m.index > lastNewest.current).length;
    lastNewest.current = newestIndex;
    if (added > 0 && !atBottom) setUnseen((n) => n + added);
  }, [messages, newestIndex, atBottom]);

  async function loadOlder() {
    if (!hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const added = await onLoadOlder();
      if (added > 0) setFirstItemIndex((index) => index - added);
    } finally {
      setLoadingOlder(false);
    }
  }

  if (rows.length === 0) {
    return (
      <Scroller>
        <p className="message-empty">{emptyText}</p>
      </Scroller>
    );
  }

  return (
    <div className="log-frame">
      <Announcer messages={messages} lines={systemLines} since={announceAfter} context={context} />
      <Virtuoso<Row, Context>
        ref={virtuoso}
        className="log-virtuoso"
        data={rows}
        context={rowContext}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={Math.max(0, initialCount - 1)}
        initialItemCount={initialCount}
        computeItemKey={(_, row) =>
          row.kind === "message" ? row.item.key : row.kind === "system" ? row.line.key : `pending-${row.item.clientId}`
        }
        followOutput={(bottom) => (bottom ? "auto" : false)}
        alignToBottom
        startReached={() => void loadOlder()}
        scrollerRef={(element) => {
          if (!(element instanceof HTMLElement)) return;
          // Known at each scroll, before any re-measuring: whether the reader sits at the newest message.
          element.onscroll = () => {
            stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          };
        }}
        atBottomStateChange={(bottom) => {
          if (bottom) stickToBottom.current = true;
          setAtBottom(bottom);
          if (bottom) setUnseen(0);
        }}
        // Rows also grow after they arrive (a "Read" receipt, an image loading): stay pinned to the newest.
        totalListHeightChanged={() => {
          if (stickToBottom.current) virtuoso.current?.scrollToIndex({ index: "LAST", align: "end" });
        }}
        atBottomThreshold={24}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        components={COMPONENTS}
        itemContent={(_, row, ctx) =>
          row.kind === "message" ? (
            <MessageRow item={row.item} context={ctx} />
          ) : row.kind === "system" ? (
            <SystemRow line={row.line} context={ctx} />
          ) : (
            <PendingRow item={row.item} context={ctx} />
          )
        }
      />
      {!atBottom && unseen > 0 ? (
        <button
          type="button"
          className="button button-primary jump-latest"
          onClick={() => virtuoso.current?.scrollToIndex({ index: "LAST", align: "end" })}
        >
          {t("jumpToLatest", { count: unseen })}
        </button>
      ) : null}
    </div>
  );
}
