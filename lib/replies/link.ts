import { createHmac } from "node:crypto";
import { sameSecret } from "@/lib/security/compare";
import { isSid } from "@/lib/sid";

// The link in a missed-replies email that reopens the conversation in any browser: it names one conversation and
// its visitor, is signed with the server's API Key secret, and expires. Pure: no Twilio, no Next.

/** Where the link lands: it sets the visitor's session to the conversation, then shows the chat. */
export const RESUME_PATH = "/chat/resume";
/** A link works this long after its email: long enough for a reply read the next week, short enough to go stale. */
export const RESUME_LINK_DAYS = 7;
const TOKEN_MAX = 512;

export type ResumeLink = { conversationSid: string; identity: string };

function mac(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`resume:${payload}`).digest("base64url");
}

/** A token for the link's `t` parameter. */
export function signResumeLink(secret: string, link: ResumeLink, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + RESUME_LINK_DAYS * 24 * 3600;
  const payload = Buffer.from(JSON.stringify([link.conversationSid, link.identity, expires])).toString("base64url");
  return `${payload}.${mac(secret, payload)}`;
}

export type ResumeCheck = { ok: true; link: ResumeLink } | { ok: false; reason: "malformed" | "forged" | "expired" };

/** What a token names, if this server signed it and it has not expired. */
export function readResumeLink(secret: string, token: string | null, now = Date.now()): ResumeCheck {
  if (!token || token.length > TOKEN_MAX) return { ok: false, reason: "malformed" };
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: "malformed" };
  if (!sameSecret(sig, mac(secret, payload))) return { ok: false, reason: "forged" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return { ok: false, reason: "malformed" };
  const [conversationSid, identity, expires] = parsed as unknown[];
  if (!isSid(conversationSid, "CH") || typeof identity !== "string" || !identity || typeof expires !== "number")
    return { ok: false, reason: "malformed" };
  if (expires * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, link: { conversationSid: conversationSid as string, identity } };
}
