// A client module: where the live chat's code is loaded from.
"use client";

import dynamic from "next/dynamic";

const load = () => import("@/components/chat/chat-view");

/**
 * The live chat, as a chunk of its own: the pre-engagement form (what most visitors see first, and what a warmed
 * launcher loads on every page) does not download the chat's code. A page that renders a chat gets the chunk with
 * its HTML, as any server-rendered component's.
 */
export const ChatView = dynamic(() => load().then((m) => m.ChatView));

/**
 * Starts downloading the chat's code: the form calls it once it is shown to the visitor. When it has arrived and the
 * page is idle, the chat's formatters are built ahead of its first render (`warmChatView`).
 */
export function preloadChatView(locale: string): void {
  const idle = (run: () => void) =>
    typeof requestIdleCallback === "function" ? requestIdleCallback(run, { timeout: 2_000 }) : setTimeout(run, 50);
  // A failed preload is retried when the chat renders.
  load().then((m) => idle(() => m.warmChatView(locale)), () => {});
}
