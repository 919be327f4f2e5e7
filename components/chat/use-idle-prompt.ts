// A client hook: "Still there?" before the conversation's closed timer ends an idle chat (app/actions.ts keepChatting).
"use client";

import { useCallback, useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";

/** The closed timer as this page must count it (the sandbox's test clock may run faster than real time). */
export type IdleTimer = { closedAfterMs: number; warnBeforeMs: number };

/**
 * Whether to ask the visitor if they are still there: from `warnBeforeMs` before the closed timer would end the chat
 * (its last activity being the newest message, or the last Keep chatting in any of the visitor's tabs). Keep chatting
 * restarts the timer on the server and tells the other tabs, so one answer dismisses the prompt everywhere.
 */
export function useIdlePrompt({
  conversationSid,
  lastMessageAt,
  timer,
  active,
  keepChatting,
}: {
  conversationSid: string;
  /** ISO 8601: the newest message's time (activity restarts Twilio's timers). */
  lastMessageAt: string | undefined;
  timer: IdleTimer | undefined;
  /** Open and connected: a closed chat asks nothing. */
  active: boolean;
  keepChatting: () => Promise<ActionResult>;
}) {
  const [keptAt, setKeptAt] = useState(0);
  const [due, setDue] = useState(false);
  const [keeping, setKeeping] = useState(false);
  /** The last Keep chatting did not reach the server (or it could not restart the timer). */
  const [failed, setFailed] = useState(false);
  const lastActivity = Math.max(lastMessageAt ? Date.parse(lastMessageAt) : 0, keptAt);

  // Other tabs of this visitor: one Keep chatting counts for all.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(`webchat-idle-${conversationSid}`);
    channel.onmessage = (event: MessageEvent<{ keptAt?: number }>) => {
      if (typeof event.data?.keptAt === "number") setKeptAt((current) => Math.max(current, event.data.keptAt!));
    };
    return () => channel.close();
  }, [conversationSid]);

  useEffect(() => {
    if (!timer || !active || !lastActivity) return;
    const promptAt = lastActivity + timer.closedAfterMs - timer.warnBeforeMs;
    const wait = promptAt - Date.now();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the prompt follows the clock: due now, or later
    setDue(wait <= 0);
    if (wait <= 0) return;
    const handle = setTimeout(() => setDue(true), wait);
    return () => clearTimeout(handle);
  }, [timer, active, lastActivity]);

  const keep = useCallback(async () => {
    setKeeping(true);
    try {
      // A network failure rejects the server action: the same outcome as a refusal, said to the visitor.
      const kept = await keepChatting().then(
        (result) => result.ok,
        () => false,
      );
      setFailed(!kept);
      if (kept) {
        const now = Date.now();
        setKeptAt(now);
        if (typeof BroadcastChannel !== "undefined") {
          const channel = new BroadcastChannel(`webchat-idle-${conversationSid}`);
          channel.postMessage({ keptAt: now });
          channel.close();
        }
      }
    } finally {
      setKeeping(false);
    }
  }, [keepChatting, conversationSid]);

  return { prompt: due && active && !!timer, keep, keeping, failed };
}
