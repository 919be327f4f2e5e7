import { createHmac } from "node:crypto";
import { sameSecret } from "@/lib/security/compare";
import { isLocale, type Locale } from "@/lib/i18n/locales";

// What a transcript request is and how it is kept from tampering (lib/transcripts/index.ts sends; lib/twilio/webchat.ts
// records it at the chat's start). Pure: no Twilio, no Next.

/** The conversation attributes that hold the signed requests (beside Flex's own `pre_engagement_data`). */
export const TRANSCRIPT_ATTRIBUTE = "webchat_transcript";
export const REPLIES_ATTRIBUTE = "webchat_replies";
/** Where the app receives the webhook (relative to PUBLIC_URL, or the origin the visitor used). */
export const CONVERSATION_WEBHOOK_PATH = "/api/webhooks/conversations";

/** What the visitor asked to be emailed: the transcript at the end, or replies they miss. */
export type EmailKind = "transcript" | "replies";
const ATTRIBUTE: Record<EmailKind, string> = { transcript: TRANSCRIPT_ATTRIBUTE, replies: REPLIES_ATTRIBUTE };

export type TranscriptRequest = { to: string; locale: Locale; identity: string };
/** The same fields: where to, in which language, and the visitor it is for. */
export type EmailRequest = TranscriptRequest;
type SignedRequest = EmailRequest & { sig: string };

function signature(secret: string, kind: EmailKind, conversationSid: string, request: EmailRequest): string {
  return createHmac("sha256", secret)
    .update(JSON.stringify([kind, conversationSid, request.to, request.locale, request.identity]))
    .digest("base64url");
}

/** The attribute's name and value for a request: signed with the server's API Key secret, which never leaves it. */
export function signEmailRequest(
  kind: EmailKind,
  secret: string,
  conversationSid: string,
  request: EmailRequest,
): [string, SignedRequest] {
  return [ATTRIBUTE[kind], { ...request, sig: signature(secret, kind, conversationSid, request) }];
}

/** The request in a conversation's attributes, or null if there is none or it was altered after the start. */
export function readEmailRequest(
  kind: EmailKind,
  secret: string,
  conversationSid: string,
  attributes: Record<string, unknown>,
): EmailRequest | null {
  const value = attributes[ATTRIBUTE[kind]];
  if (!value || typeof value !== "object") return null;
  const { to, locale, identity, sig } = value as Record<string, unknown>;
  if (typeof to !== "string" || !isLocale(locale) || typeof identity !== "string" || typeof sig !== "string")
    return null;
  if (!sameSecret(sig, signature(secret, kind, conversationSid, { to, locale, identity }))) return null;
  return { to, locale, identity };
}

/** The transcript's request (kept by that name: the transcript mailer reads it). */
export function signTranscriptRequest(secret: string, conversationSid: string, request: TranscriptRequest) {
  return signEmailRequest("transcript", secret, conversationSid, request)[1];
}

export function readTranscriptRequest(
  secret: string,
  conversationSid: string,
  attributes: Record<string, unknown>,
): TranscriptRequest | null {
  return readEmailRequest("transcript", secret, conversationSid, attributes);
}
