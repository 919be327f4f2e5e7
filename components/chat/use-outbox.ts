// A client hook: the outbox lives in the browser (localStorage) so nothing typed is lost offline or on reload.
"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { browserStorage } from "@/lib/browser-storage";
import { ChatRequestError, failureKey } from "@/lib/chat/errors";
import {
  CLIENT_ID_ATTRIBUTE,
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
  /** Why a message was not sent, in the visitor's language, by failure (see failureKey). */
  describe: (key: ReturnType<typeof failureKey>) => string;
};

/** Network trouble and expired tokens are retried after a pause; anything else is marked Not sent, with why. */
function retryable(error: unknown): boolean {
  return !(error instanceof ChatRequestError) || error.reason === "network" || error.reason === "unauthorized";
}

/** Messages go out in order, exactly once; while offline they wait here, across reloads. */
export function useOutbox({ conversationSid, ready, messages, closed, send, describe }: Options) {
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

  useEffect(() => {
    if (!ready || stored === null) return;
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => setPausedUntil(0), wait);
      return () => clearTimeout(timer);
    }
    // One at a time, in order: the one in flight is tracked here rather than in state.
    if (inFlight.current) return;
    const next = nextToSend(items);
    if (!next) return;
    inFlight.current = next.clientId;
    send(next.body, { attributes: { [CLIENT_ID_ATTRIBUTE]: next.clientId } })
      .then(() => {
        inFlight.current = null;
        setStored((current) => (current ?? []).filter((item) => item.clientId !== next.clientId));
      })
      .catch((error: unknown) => {
        inFlight.current = null;
        if (retryable(error)) setPausedUntil(Date.now() + RETRY_AFTER_MS);
        else setStored((current) => update(current ?? [], next.clientId, { status: "failed", error: describe(failureKey(error)) }));
      });
  }, [ready, items, stored, send, pausedUntil, describe]);

  const add = useCallback((body: string) => {
    setStored((current) => enqueue(current ?? [], body, crypto.randomUUID()));
  }, []);

  const retry = useCallback((clientId: string) => {
    setStored((current) => update(current ?? [], clientId, { status: "queued", error: undefined }));
  }, []);

  const pending = useMemo(
    () => (closed ? items.map((item) => ({ ...item, status: "failed" as const, error: describe("chatEnded") })) : items),
    [closed, items, describe],
  );

  return { pending, add, retry: closed ? undefined : retry };
}
