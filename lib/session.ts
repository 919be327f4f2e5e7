import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { getSessionSecret } from "@/lib/session-secret";

/** The least that resumes a chat: never an access token, never message history. */
export type SessionData = {
  conversationSid?: string;
  identity?: string;
  /** When the chat started, in epoch milliseconds (a number, not a Date, so it survives sealing). */
  startedAt?: number;
  /** The chat that just ended, so its ended view can still offer the transcript. */
  endedConversationSid?: string;
};

export const SESSION_COOKIE = "webchat_session";

export function sessionOptions(): SessionOptions {
  const env = getEnv();
  // Embedded on other sites, the chat lives in a third-party iframe: only a SameSite=None cookie reaches it there,
  // and Partitioned (CHIPS) keeps it to that one embedding site, so browsers that block third-party cookies keep it.
  const embedded = env.embedOrigins.length > 0;
  return {
    cookieName: SESSION_COOKIE,
    password: getSessionSecret(),
    ttl: 60 * 60 * 24 * 7,
    cookieOptions: {
      httpOnly: true,
      sameSite: embedded ? "none" : "lax",
      secure: embedded || env.nodeEnv === "production",
      partitioned: embedded || undefined,
      path: "/",
    },
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
