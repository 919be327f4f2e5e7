// A client hook: the outbox lives in the browser (localStorage) so nothing typed is lost offline or on reload.
"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { browserStorage } from "@/lib/browser-storage";
import { ChatRequestError, failureKey } from "@/lib/chat/errors";
import {
  CLIENT_ID_ATTRIBUTE,
  delivered,
  enqueue,
  loadOutbox,
  nextToSend,
  saveOutbox,
  settle,
  update,
  type OutboxItem,
} from "@/lib/chat/outbox";
import type { ChatMessage } from "@/lib/chat/types";

const RETRY_AFTER_MS = 2_000;

type Options = {
  conversationSid: string;
  /** Connected and caught up (snapshot seen), so a message already delivered is known before resending. */
  ready: boolean;
  messages: ChatMessage[];
  /** The conversation is closed: what is left can no longer be sent. */
  closed: boolean;
  send: (body: string, options: { attributes: Record<string, unknown> }) => Promise<ChatMessage>;
  /** The conversation's latest messages from the backend, to check before sending anything a second time. */
  latestMessages: (count: number) => Promise<ChatMessage[]>;
  /** Why a message was not sent, in the visitor's language, by failure (see failureKey). */
  describe: (key: ReturnType<typeof failureKey>) => string;
};

/** Network trouble and expired tokens are retried after a pause; anything else is marked Not sent, with why. */
function retryable(error: unknown): boolean {
  return !(error instanceof ChatRequestError) || error.reason === "network" || error.reason === "unauthorized";
}

/** How far back a resend looks for its message: more than anyone types while one send is unanswered. */
const RESEND_LOOKBACK = 50;

/**
 * Messages go out in order, exactly once; while offline they wait here, across reloads. Neither Twilio nor the
 * sandbox drops a duplicate, so a message whose send got no answer is looked up in the conversation before it is
 * sent again.
 */
export function useOutbox({ conversationSid, ready, messages, closed, send, latestMessages, describe }: Options) {
  const [stored, setStored] = useState<OutboxItem[] | null>(null);
  const [pausedUntil, setPausedUntil] = useState(0);
  const inFlight = useRef<string | null>(null);

  // Read the saved outbox after hydration (the server has no localStorage).
  useEffect(() => {
    const saved = loadOutbox(browserStorage(), conversationSid);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one read of browser storage on mount
    setStored(saved);
  }, [conversationSid]);

  const items = useMemo(() => settle(stored ?? [], messages), [stored, messages]);

  useEffect(() => {
    if (stored !== null) saveOutbox(browserStorage(), conversationSid, items);
  }, [items, stored, conversationSid]);

  // What add() reads when it runs, in the keydown, before React has rendered: the state of the last render.
  const latest = useRef({ ready, items, stored, pausedUntil, send, latestMessages, describe });
  useEffect(() => {
    latest.current = { ready, items, stored, pausedUntil, send, latestMessages, describe };
  });

  /** Sends one item (one at a time, in order: the one in flight is tracked here rather than in state). */
  const start = useCallback(
    (next: OutboxItem, items: OutboxItem[]) => {
      const { send, latestMessages, describe } = latest.current;
      inFlight.current = next.clientId;
      const attempt = async () => {
        if ((next.attempts ?? 0) > 0 && delivered(next, await latestMessages(RESEND_LOOKBACK))) return;
        const attempts = (next.attempts ?? 0) + 1;
        // Saved before the send, so a reload during it knows to check first too.
        saveOutbox(browserStorage(), conversationSid, update(items, next.clientId, { attempts }));
        setStored((current) => update(current ?? [], next.clientId, { attempts }));
        await send(next.body, { attributes: { [CLIENT_ID_ATTRIBUTE]: next.clientId } });
      };
      attempt()
        .then(() => {
          inFlight.current = null;
          setStored((current) => (current ?? []).filter((item) => item.clientId !== next.clientId));
        })
        .catch((error: unknown) => {
          inFlight.current = null;
          if (retryable(error)) setPausedUntil(Date.now() + RETRY_AFTER_MS);
          else
            setStored((current) =>
              update(current ?? [], next.clientId, { status: "failed", error: describe(failureKey(error)) }),
            );
        });
    },
    [conversationSid],
  );

  useEffect(() => {
    if (!ready || stored === null) return;
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => setPausedUntil(0), wait);
      return () => clearTimeout(timer);
    }
    if (inFlight.current) return;
    const next = nextToSend(items);
    if (next) start(next, items);
  }, [ready, items, stored, pausedUntil, start]);

  const add = useCallback(
    (body: string) => {
      const { ready, items, stored, pausedUntil } = latest.current;
      const queued = enqueue(items, body, crypto.randomUUID());
      const item = queued.at(-1)!;
      setStored((current) => [...(current ?? []), item]);
      // Nothing ahead of it and connected: the request leaves now, before React renders the pending row.
      if (ready && stored !== null && !inFlight.current && pausedUntil <= Date.now() && !nextToSend(items))
        start(item, queued);
    },
    [start],
  );

  const retry = useCallback((clientId: string) => {
    setStored((current) => update(current ?? [], clientId, { status: "queued", error: undefined }));
  }, []);

  const pending = useMemo(
    () =>
      closed ? items.map((item) => ({ ...item, status: "failed" as const, error: describe("chatEnded") })) : items,
    [closed, items, describe],
  );

  return { pending, add, retry: closed ? undefined : retry };
}
