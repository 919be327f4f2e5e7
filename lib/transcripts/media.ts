import { createHmac } from "node:crypto";
import { sameSecret } from "@/lib/security/compare";
import { isSid } from "@/lib/sid";

// Links to a transcript's attachments. A transcript email outlives any URL Twilio hands out for a file (its
// temporary content URLs last minutes), so the email links to this app instead: a path naming the file, its
// conversation and its Conversation Service, signed with the server's API Key secret and valid for a while. Opening it
// asks Twilio (or the sandbox) for a fresh temporary URL and redirects there (app/api/transcripts/media). Pure: no
// Twilio, no Next.

export const TRANSCRIPT_MEDIA_PATH = "/api/transcripts/media";
/** How long an emailed attachment link works. Flex keeps a conversation's media as long as the conversation. */
export const MEDIA_LINK_DAYS = 30;

export type MediaLink = { serviceSid: string; conversationSid: string; mediaSid: string };

function signature(secret: string, link: MediaLink, expires: number): string {
  return createHmac("sha256", secret)
    .update(JSON.stringify(["transcript-media", link.serviceSid, link.conversationSid, link.mediaSid, expires]))
    .digest("base64url");
}

/**
 * The link's path and query, to be put after the app's public origin. `lang` (the email's language, for the page
 * shown if the link cannot be opened) is not signed: changing it changes nothing but that page's language.
 */
export function mediaLinkPath(
  secret: string,
  link: MediaLink,
  { lang, now = Date.now() }: { lang?: string; now?: number } = {},
): string {
  const expires = Math.floor(now / 1000) + MEDIA_LINK_DAYS * 24 * 3600;
  const query = new URLSearchParams({
    service: link.serviceSid,
    conversation: link.conversationSid,
    expires: String(expires),
    sig: signature(secret, link, expires),
    ...(lang ? { lang } : {}),
  });
  return `${TRANSCRIPT_MEDIA_PATH}/${link.mediaSid}?${query}`;
}

export type MediaLinkCheck = { ok: true; link: MediaLink } | { ok: false; reason: "malformed" | "forged" | "expired" };

/** What a link names, if this server signed it and it has not expired. */
export function readMediaLink(
  secret: string,
  mediaSid: string,
  query: URLSearchParams,
  now = Date.now(),
): MediaLinkCheck {
  const serviceSid = query.get("service") ?? "";
  const conversationSid = query.get("conversation") ?? "";
  const expires = query.get("expires") ?? "";
  const sig = query.get("sig") ?? "";
  if (
    !isSid(mediaSid, "ME") ||
    !isSid(serviceSid, "IS") ||
    !isSid(conversationSid, "CH") ||
    !/^\d{1,12}$/.test(expires) ||
    !/^[\w-]{1,64}$/.test(sig)
  ) {
    return { ok: false, reason: "malformed" };
  }
  const link = { serviceSid, conversationSid, mediaSid };
  if (!sameSecret(sig, signature(secret, link, Number(expires)))) return { ok: false, reason: "forged" };
  if (Number(expires) * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, link };
}
