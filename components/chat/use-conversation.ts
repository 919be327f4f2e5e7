// A client hook: it owns the live connection (browser-only) and its state.
"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { openChatConnection } from "@/lib/chat/connect";
import { ChatRequestError } from "@/lib/chat/errors";
import { chatReducer, initialChatState } from "@/lib/chat/conversation-state";
import type { Backend, ChatConnection, ChatMessage, ConversationState, SendOptions } from "@/lib/chat/types";
import { failed, type ActionResult } from "@/lib/actions/result";

/** A fresh token for the connection (a server action): the chat's end is answered with reason "closed". */
export type TokenRefresher = () => Promise<ActionResult<string>>;

const TYPING_TIMEOUT_MS = 5_000; // as Twilio's default typing indicator timeout
const TOKEN_RETRY_MS = 5_000;
const CONNECT_WAIT_MS = 15_000;
const RENEWAL_WINDOW_MS = 10_000;
const MAX_RENEWAL_DELAY_MS = 30_000;

/** What a chat page hands the browser to open its conversation (the rest of its props are its own). */
export type ConversationOptions = {
  backend: Backend;
  conversationSid: string;
  identity: string;
  token: string;
  /** Twilio mode: the account's region for the browser SDK. */
  region?: string;
  /** SANDBOX_CLIENT=sdk: the sandbox's twilsock endpoint, for the browser SDK. */
  twilsock?: string;
  initialMessages: ChatMessage[];
  initialState: ConversationState;
  refreshToken: TokenRefresher;
};

/** Connects to the conversation through the chat seam and keeps the view state of it. */
export function useConversation(options: ConversationOptions) {
  const { backend, conversationSid, identity, region, twilsock } = options;
  const [view, dispatch] = useReducer(chatReducer, undefined, () =>
    initialChatState(options.initialMessages, options.initialState, options.identity),
  );
  const connectionRef = useRef<ChatConnection | null>(null);
  // Callers that need the connection before it has opened (attachments render with the server's HTML) wait here.
  const waiting = useRef<((connection: ChatConnection) => void)[]>([]);
  const pendingRead = useRef(-1);
  // The first token and the refresher only seed the connection; later renders must not reconnect for them.
  const seed = useRef({ token: options.token, refreshToken: options.refreshToken });

  useEffect(() => {
    let cancelled = false;
    let connection: ChatConnection | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;

    let renewing = false;
    let recentRenewals = 0;
    let lastRenewal = 0;
    const renew = async () => {
      if (renewing) return;
      renewing = true;
      // A token refused again right after renewal must not turn into a tight loop against the server.
      const now = Date.now();
      recentRenewals = now - lastRenewal < RENEWAL_WINDOW_MS ? recentRenewals + 1 : 0;
      lastRenewal = now;
      if (recentRenewals > 0) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(MAX_RENEWAL_DELAY_MS, 1000 * 2 ** (recentRenewals - 1))),
        );
      }
      const result = cancelled
        ? null
        : await seed.current.refreshToken().catch(() => failed("The chat service could not be reached.", "network"));
      renewing = false;
      if (cancelled || !result) return;
      if (result.ok) await connection?.updateToken(result.value);
      else if (result.reason === "closed") dispatch({ type: "stateChanged", state: "closed" });
      else retry = setTimeout(() => void renew(), TOKEN_RETRY_MS);
    };

    openChatConnection(backend, { conversationSid, identity, region, twilsock, token: seed.current.token })
      .then((opened) => {
        // React StrictMode runs effects twice: a connection that arrives after cleanup is closed at once.
        if (cancelled) return opened.close();
        connection = opened;
        connectionRef.current = opened;
        for (const resolve of waiting.current.splice(0)) resolve(opened);
        opened.subscribe((event) => {
          if (event.type === "tokenExpired" || event.type === "tokenAboutToExpire") void renew();
          else dispatch(event);
        });
        opened.connect();
        // A read that happened before the connection existed is sent now.
        if (pendingRead.current >= 0) opened.setReadHorizon(pendingRead.current).catch(() => {});
      })
      .catch(() => {
        if (!cancelled) dispatch({ type: "connection", status: "denied" });
      });

    return () => {
      cancelled = true;
      clearTimeout(retry);
      connection?.close();
      connectionRef.current = null;
    };
  }, [backend, conversationSid, identity, region, twilsock]);

  // Typing indicators fade out on their own, as in Twilio's SDK.
  useEffect(() => {
    const identities = Object.keys(view.typing);
    if (identities.length === 0) return;
    const timers = identities.map((who) =>
      setTimeout(
        () => dispatch({ type: "typingExpired", identity: who }),
        Math.max(0, view.typing[who]! + TYPING_TIMEOUT_MS - Date.now()),
      ),
    );
    return () => timers.forEach(clearTimeout);
  }, [view.typing]);

  const send = useCallback(async (body: string, options?: SendOptions) => {
    const connection = connectionRef.current;
    if (!connection) throw new ChatRequestError("Not connected yet.", "network");
    const message = await connection.sendMessage(body, options);
    dispatch({ type: "sent", message });
    return message;
  }, []);

  const oldestIndex = view.messages[0]?.index;
  /** Loads the page before the oldest message held; resolves to how many messages it added. */
  const loadOlder = useCallback(async () => {
    const connection = connectionRef.current;
    if (!connection || oldestIndex === undefined) return 0;
    const page = await connection.loadOlder(oldestIndex);
    dispatch({ type: "olderLoaded", messages: page.messages, hasOlder: page.hasMore });
    return page.messages.filter((m) => m.index < oldestIndex).length;
  }, [oldestIndex]);

  /** The connection, once it has opened (attachments render with the server's HTML, before it has). */
  const opened = useCallback(
    () =>
      connectionRef.current
        ? Promise.resolve(connectionRef.current)
        : new Promise<ChatConnection>((resolve, reject) => {
            waiting.current.push(resolve);
            setTimeout(() => reject(new ChatRequestError("Not connected yet.", "network")), CONNECT_WAIT_MS);
          }),
    [],
  );

  /** The latest messages as the backend holds them now: what the outbox checks before it sends anything again. */
  const latestMessages = useCallback(async (count: number) => (await opened()).latestMessages(count), [opened]);

  const typing = useCallback(() => connectionRef.current?.typing(), []);

  const mediaUrl = useCallback(async (mediaSid: string) => (await opened()).mediaUrl(mediaSid), [opened]);

  const markRead = useCallback((index: number) => {
    pendingRead.current = Math.max(pendingRead.current, index);
    connectionRef.current?.setReadHorizon(index).catch(() => {
      // The horizon is advisory and is sent again with the next read.
    });
  }, []);

  const dismissReconnected = useCallback(() => dispatch({ type: "reconnectedSeen" }), []);
  const markClosed = useCallback(() => dispatch({ type: "stateChanged", state: "closed" }), []);

  return { view, send, latestMessages, loadOlder, typing, mediaUrl, markRead, dismissReconnected, markClosed };
}
