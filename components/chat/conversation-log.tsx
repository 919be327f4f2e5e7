// A client component: a virtualized, scroll-anchored log (react-virtuoso) with history paging and "Jump to latest".
"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { Announcer } from "@/components/chat/log-announcer";
import type { LogContext, Row } from "@/components/chat/log-context";
import { LOG_PARTS, Scroller } from "@/components/chat/log-parts";
import { MessageRow, SystemRow } from "@/components/chat/message-row";
import { PendingRow } from "@/components/chat/pending-row";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { OutboxItem } from "@/lib/chat/outbox";
import { buildTimeline } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";
import "./log.css";

export { warmConversationLog } from "@/components/chat/message-row";

type Props = Omit<LogContext, "lastOwnIndex" | "loadingOlder"> & {
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
  const rowContext = useMemo<LogContext>(
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
      <Virtuoso<Row, LogContext>
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
        components={LOG_PARTS}
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
