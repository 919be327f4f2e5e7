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
 * Starts downloading the chat's code: the form calls it once it is shown to the visitor. When it has arrived, the
 * chat's formatters are built ahead of its first render (`chatViewWarmUps`), one step per idle moment: no step holds
 * the page long, so a click or key that comes meanwhile is answered at once.
 */
export function preloadChatView(locale: string): void {
  const idle = (run: () => void) =>
    typeof requestIdleCallback === "function" ? requestIdleCallback(run, { timeout: 2_000 }) : setTimeout(run, 50);
  const runEach = (steps: Array<() => void>) => {
    const step = steps.shift();
    if (!step) return;
    idle(() => {
      step();
      runEach(steps);
    });
  };
  // A failed preload is retried when the chat renders.
  load().then(
    (m) => runEach(m.chatViewWarmUps(locale)),
    () => {},
  );
}
