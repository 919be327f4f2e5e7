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

/** Starts downloading the chat's code without running it: the form calls it once it is shown to the visitor. */
export function preloadChatView(): void {
  // A failed preload is retried when the chat renders.
  load().catch(() => {});
}
