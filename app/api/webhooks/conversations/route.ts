import twilio from "twilio";
import { getEnv } from "@/lib/env";
import { readBodyCapped } from "@/lib/http-body";
import { CONVERSATION_WEBHOOK_PATH } from "@/lib/transcripts/request";
import { webhookAuthToken } from "@/lib/transcripts";
import { sendTranscript } from "@/lib/data/visitor";
import { isSid } from "@/lib/sid";
import { noteNewMessage } from "@/lib/replies";

// Twilio's post-event webhook for the conversations whose visitor asked for a transcript or for replies they miss
// (registered at the chat's start, lib/twilio/webchat.ts): when one closes, the transcript goes out; each new message
// may make a missed-replies email due (lib/replies). Only Twilio can call it usefully: every
// request must carry a valid X-Twilio-Signature for the URL it was registered at (Twilio, "Webhooks Security").
export const dynamic = "force-dynamic";

/** A webhook's form is a few hundred bytes; Twilio's largest carry a conversation's attributes (16 KB at most). */
const MAX_BODY_BYTES = 64 * 1024;

const sentence = (status: number, text: string) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

async function readForm(request: Request): Promise<URLSearchParams | null> {
  const body = await readBodyCapped(request, MAX_BODY_BYTES);
  return body && new URLSearchParams(Buffer.from(body).toString("utf8"));
}

export async function POST(request: Request): Promise<Response> {
  const env = getEnv();
  if (!env.transcripts) return sentence(404, "This app sends no transcripts, so it takes no conversation webhooks.");
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return sentence(403, "This address only takes Twilio's webhooks, which carry an X-Twilio-Signature.");
  const form = await readForm(request);
  if (!form) return sentence(413, `A webhook is at most ${MAX_BODY_BYTES.toLocaleString("en")} bytes.`);
  const params = Object.fromEntries(form);
  // Signed for the URL the webhook was registered at: PUBLIC_URL (or this server) and this path.
  const url = new URL(CONVERSATION_WEBHOOK_PATH, env.transcripts.webhookOrigin).toString();
  const token = webhookAuthToken(env);
  if (!token || !twilio.validateRequest(token, signature, url, params)) {
    return sentence(403, "The X-Twilio-Signature does not match this request.");
  }
  const conversationSid = params.ConversationSid ?? "";
  if (!isSid(conversationSid, "CH")) return sentence(400, "ConversationSid is not a conversation's SID.");
  // A new message: a participant's may be a reply the visitor misses (lib/replies), looked at when it comes due.
  if (params.EventType === "onMessageAdded") {
    const noted = await noteNewMessage(conversationSid, params.ParticipantSid);
    return sentence(200, noted ? "Reply noted." : "Nothing to do.");
  }
  if (params.EventType !== "onConversationStateUpdated" || params.StateTo !== "closed")
    return sentence(200, "Nothing to do.");
  try {
    const outcome = await sendTranscript(conversationSid);
    return sentence(200, `Transcript: ${outcome}.`);
  } catch (error) {
    // A failed send is Twilio's to know (it records a failed webhook); the claim was given back for a later try.
    console.error("transcript_send_failed", conversationSid, error instanceof Error ? error.message : error);
    return sentence(502, "The transcript could not be sent right now.");
  }
}
