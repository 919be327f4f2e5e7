// Client hooks: scrolling and read receipts depend on the browser's layout, focus and visibility.
"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/chat/types";

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
