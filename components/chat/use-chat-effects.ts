// Client hooks: scrolling and read receipts depend on the browser's layout, focus and visibility.
"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/chat/types";

const NEAR_BOTTOM_PX = 120;

/** Keeps the newest message in view when it arrives, unless the reader has scrolled up to read older ones. */
export function useAutoScroll(messageCount: number) {
  const ref = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (first.current || distance < NEAR_BOTTOM_PX + 200) element.scrollTop = element.scrollHeight;
    first.current = false;
  }, [messageCount]);
  return ref;
}

/** Advances this participant's read horizon while the page is visible and focused. */
export function useReadHorizon(messages: ChatMessage[], identity: string, markRead: (index: number) => void) {
  const lastOther = messages.findLast((m) => m.author !== identity)?.index;
  const sent = useRef(-1);
  useEffect(() => {
    if (lastOther === undefined) return;
    const update = () => {
      if (document.visibilityState === "visible" && document.hasFocus() && lastOther > sent.current) {
        sent.current = lastOther;
        markRead(lastOther);
      }
    };
    update();
    window.addEventListener("focus", update);
    document.addEventListener("visibilitychange", update);
    return () => {
      window.removeEventListener("focus", update);
      document.removeEventListener("visibilitychange", update);
    };
  }, [lastOther, markRead]);
}
