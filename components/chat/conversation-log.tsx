// A client component: a virtualized, scroll-anchored log (react-virtuoso) with history paging and "Jump to latest".
"use client";

import { useTranslations } from "next-intl";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { Announcer } from "@/components/chat/log-announcer";
import type { LogContext, Row } from "@/components/chat/log-context";
import { AT_BOTTOM_PX, keepsFollowing } from "@/components/chat/follow-newest";
import { LOG_PARTS, Scroller } from "@/components/chat/log-parts";
import { MessageRow, SystemRow } from "@/components/chat/message-row";
import { PendingRow } from "@/components/chat/pending-row";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { OutboxItem } from "@/lib/chat/outbox";
import { buildTimeline } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";
import "./log.css";

export { conversationLogWarmUps } from "@/components/chat/message-row";

type Props = Omit<LogContext, "loadingOlder"> & {
  messages: ChatMessage[];
  /** The newest message index the others have read (the visitor's last own message at or below it shows "Read"). */
  readByOthersUpTo: number;
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

// Handed to Virtuoso once: a new function on each render would have it lay out every visible row again.
const rowKey = (_: number, row: Row) =>
  row.kind === "message" ? row.item.key : row.kind === "system" ? row.line.key : `pending-${row.item.clientId}`;
const VIEWPORT_MARGIN = { top: 400, bottom: 200 };
const rowContent = (_: number, row: Row, context: LogContext): ReactNode =>
  row.kind === "message" ? (
    <MessageRow item={row.item} read={row.read} context={context} />
  ) : row.kind === "system" ? (
    <SystemRow line={row.line} context={context} />
  ) : (
    <PendingRow item={row.item} context={context} />
  );

// Memoized: the chat around it re-renders on each typing notice and connection change, which the log does not show.
export const ConversationLog = memo(function ConversationLog({
  messages,
  pending,
  systemLines = NO_LINES,
  firstUnreadIndex,
  hasOlder,
  onLoadOlder,
  emptyText,
  readByOthersUpTo,
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

  const lastOwnIndex = messages.findLast((m) => m.author === context.selfIdentity)?.index;
  const rows = useMemo<Row[]>(() => {
    const timeZone = typeof window === "undefined" ? "UTC" : undefined;
    const timeline: Row[] = [];
    // Lines from before the first message held (an older page not loaded) go first.
    const firstIndex = messages[0]?.index ?? Infinity;
    for (const line of systemLines) if (line.afterIndex < firstIndex) timeline.push({ kind: "system", line });
    for (const item of buildTimeline(messages, { firstUnreadIndex, timeZone })) {
      const index = item.message.index;
      timeline.push({ kind: "message", item, read: index === lastOwnIndex && readByOthersUpTo >= index });
      for (const line of systemLines)
        if (line.afterIndex === item.message.index) timeline.push({ kind: "system", line });
    }
    return [...timeline, ...pending.map((item) => ({ kind: "pending" as const, item }))];
  }, [messages, pending, systemLines, firstUnreadIndex, lastOwnIndex, readByOthersUpTo]);

  // Initial-only props: Virtuoso reads them once; handing it new values on each render would reset it.
  const [initialCount] = useState(rows.length);
  const { selfIdentity, nameOf, isBot, onRetry, renderMedia, markdownFrom } = context;
  const rowContext = useMemo<LogContext>(
    () => ({ selfIdentity, nameOf, isBot, onRetry, renderMedia, loadingOlder, markdownFrom }),
    [selfIdentity, nameOf, isBot, onRetry, renderMedia, loadingOlder, markdownFrom],
  );

  // Count what arrived at the end while the reader was scrolled up (not older pages), for "Jump to latest".
  useEffect(() => {
    const added = messages.filter((m) => m.index > lastNewest.current).length;
    lastNewest.current = newestIndex;
    if (added > 0 && !atBottom) setUnseen((n) => n + added);
  }, [messages, newestIndex, atBottom]);

  // Virtuoso may ask again before the render that shows "Loading earlier messages": a ref knows at once.
  const paging = useRef(false);
  const loadOlder = useCallback(async () => {
    if (!hasOlder || paging.current) return;
    paging.current = true;
    setLoadingOlder(true);
    try {
      const added = await onLoadOlder();
      if (added > 0) setFirstItemIndex((index) => index - added);
    } finally {
      paging.current = false;
      setLoadingOlder(false);
    }
  }, [hasOlder, onLoadOlder]);
  const scrollerRef = useCallback((element: HTMLElement | Window | null) => {
    if (!(element instanceof HTMLElement)) return;
    // Whether the reader stays on the newest message, decided at each scroll before any re-measuring.
    let lastTop = element.scrollTop;
    element.onscroll = () => {
      const { scrollTop: top, scrollHeight, clientHeight } = element;
      stickToBottom.current = keepsFollowing(stickToBottom.current, { top, lastTop, scrollHeight, clientHeight });
      lastTop = top;
    };
  }, []);
  // Virtuoso's own at-bottom state is read from the same late scroll events: the reader's choice above decides.
  const followNewest = useCallback(() => (stickToBottom.current ? ("auto" as const) : false), []);
  const atBottomChanged = useCallback((bottom: boolean) => {
    if (bottom) stickToBottom.current = true;
    setAtBottom(bottom || stickToBottom.current);
    if (bottom) setUnseen(0);
  }, []);
  // Rows also grow after they arrive (a "Read" receipt, an image loading): stay pinned to the newest.
  const heightChanged = useCallback(() => {
    if (stickToBottom.current) virtuoso.current?.scrollToIndex({ index: "LAST", align: "end" });
  }, []);

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
      <Virtuoso<Row, LogContext>
        ref={virtuoso}
        className="log-virtuoso"
        data={rows}
        context={rowContext}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={Math.max(0, initialCount - 1)}
        initialItemCount={initialCount}
        computeItemKey={rowKey}
        followOutput={followNewest}
        alignToBottom
        startReached={loadOlder}
        scrollerRef={scrollerRef}
        atBottomStateChange={atBottomChanged}
        totalListHeightChanged={heightChanged}
        atBottomThreshold={AT_BOTTOM_PX}
        increaseViewportBy={VIEWPORT_MARGIN}
        components={LOG_PARTS}
        itemContent={rowContent}
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
});
