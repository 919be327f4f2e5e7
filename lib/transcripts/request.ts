import { createHmac } from "node:crypto";
import { sameSecret } from "@/lib/security/compare";
import { isLocale, type Locale } from "@/lib/i18n/locales";

// What a transcript request is and how it is kept from tampering (lib/transcripts/index.ts sends; lib/twilio/webchat.ts
// records it at the chat's start). Pure: no Twilio, no Next.

/** The conversation attribute that holds the signed request (beside Flex's own `pre_engagement_data`). */
export const TRANSCRIPT_ATTRIBUTE = "webchat_transcript";
/** Where the app receives the webhook (relative to PUBLIC_URL, or the origin the visitor used). */
export const CONVERSATION_WEBHOOK_PATH = "/api/webhooks/conversations";

export type TranscriptRequest = { to: string; locale: Locale; identity: string };
type SignedRequest = TranscriptRequest & { sig: string };

function signature(secret: string, conversationSid: string, request: TranscriptRequest): string {
  return createHmac("sha256", secret)
    .update(JSON.stringify(["transcript", conversationSid, request.to, request.locale, request.identity]))
    .digest("base64url");
}

/** The attribute value for a request: signed with the server's API Key secret, which never leaves the server. */
export function signTranscriptRequest(
  secret: string,
  conversationSid: string,
  request: TranscriptRequest,
): SignedRequest {
  return { ...request, sig: signature(secret, conversationSid, request) };
}

/** The request in a conversation's attributes, or null if there is none or it was altered after the start. */
export function readTranscriptRequest(
  secret: string,
  conversationSid: string,
  attributes: Record<string, unknown>,
): TranscriptRequest | null {
  const value = attributes[TRANSCRIPT_ATTRIBUTE];
  if (!value || typeof value !== "object") return null;
  const { to, locale, identity, sig } = value as Record<string, unknown>;
  if (typeof to !== "string" || !isLocale(locale) || typeof identity !== "string" || typeof sig !== "string")
    return null;
  if (!sameSecret(sig, signature(secret, conversationSid, { to, locale, identity }))) return null;
  return { to, locale, identity };
}
