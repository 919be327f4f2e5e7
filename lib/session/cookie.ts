import type { Env } from "@/lib/env";

export const SESSION_COOKIE = "webchat_session";

/** A week: a returning visitor resumes their chat, and their language, within it. */
export const SESSION_TTL_SECONDS = 60 * 60 * 24 * 7;

/**
 * Attributes of every cookie the chat sets. Embedded on other sites, the chat lives in a third-party iframe: only a
 * SameSite=None cookie reaches it there, and Partitioned (CHIPS) keeps it to that one embedding site, so browsers
 * that block third-party cookies still keep it.
 */
export function cookieAttributes(env: Pick<Env, "embedOrigins" | "nodeEnv">) {
  const embedded = env.embedOrigins.length > 0;
  return {
    httpOnly: true,
    sameSite: embedded ? ("none" as const) : ("lax" as const),
    secure: embedded || env.nodeEnv === "production",
    partitioned: embedded || undefined,
    path: "/",
  };
}

export function localeCookieOptions(env: Pick<Env, "embedOrigins" | "nodeEnv">) {
  return { ...cookieAttributes(env), maxAge: SESSION_TTL_SECONDS };
}
