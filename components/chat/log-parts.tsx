// Client components: the elements Virtuoso renders the log with (a focusable scroller with the log role, an ordered
// list, its items, and the "Loading earlier messages" header).
"use client";

import { useTranslations } from "next-intl";
import type { CSSProperties, ReactNode, Ref } from "react";
import type { LogContext, Row } from "@/components/chat/log-context";

type Context = LogContext;

export function Scroller({
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
    <div
      {...props}
      ref={ref}
      style={style}
      className="chat-scroll"
      role="log"
      aria-label={t("label")}
      aria-live="off"
      tabIndex={0}
    >
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

function Item({
  children,
  item: _item,
  context: _context,
  ...props
}: {
  children?: ReactNode;
  item: Row;
  context?: Context;
  style?: CSSProperties;
}) {
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

// Defined once: Virtuoso remounts components it is handed anew.
export const LOG_PARTS = { Scroller, List, Item, Header };
