import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, cookieAttributes } from "@/lib/session/cookie";
import { getSessionSecret } from "@/lib/session/secret";

/** The least that resumes a chat: never an access token, never message history. */
export type SessionData = {
  conversationSid?: string;
  identity?: string;
  /** When the chat started, in epoch milliseconds (a number, not a Date, so it survives sealing). */
  startedAt?: number;
  /** The chat that just ended, so its ended view can still offer the transcript. */
  endedConversationSid?: string;
  /** The chat was left as a message while no one answered: where the visitor was promised the reply. */
  leftMessageFor?: string;
  /** `identity` is a known visitor's, vouched for by the embedding site's signed context when the chat started. */
  known?: boolean;
};

export function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: getSessionSecret(),
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: cookieAttributes(getEnv()),
  };
}

/** The only reader of the session cookie. A tampered or foreign cookie unseals to an empty session. */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

export type ActiveSession = { conversationSid: string; identity: string };

/** The conversation whose transcript this visitor may download: the current one, or the one just ended. */
export function transcriptConversation(session: SessionData): string | null {
  return session.identity ? (session.conversationSid ?? session.endedConversationSid ?? null) : null;
}

export function activeChat(session: SessionData): ActiveSession | null {
  return session.conversationSid && session.identity
    ? { conversationSid: session.conversationSid, identity: session.identity }
    : null;
}

/**
 * Whose earlier chats this request may see: the identity a valid signed context names (a context that is not valid
 * shows nothing, whatever the cookie holds), or else that of the known visitor whose chat this cookie holds (current
 * or just ended).
 */
export function historyIdentity(session: SessionData, contextIdentity: string | null, hasContext: boolean) {
  if (hasContext) return contextIdentity;
  return session.known && session.identity && (session.conversationSid || session.endedConversationSid)
    ? session.identity
    : null;
}
