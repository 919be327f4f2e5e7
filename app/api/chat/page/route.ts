import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { readPageContext } from "@/lib/embed/protocol";
import { activeChat, getSession } from "@/lib/session";
import { describeTwilioError } from "@/lib/twilio/errors";
import { recordPage } from "@/lib/data/visitor";

// The embedded chat follows the host page: when the visitor moves to another page of the site during a chat, the
// agent sees where they are now (the conversation's `webchat_page` attribute), as Flex's legacy web chat's context.
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 2048;
/** One page change per conversation every 2 s is plenty for a person; the rest is refused, not queued. */
const perConversation = new RateLimiterMemory({ keyPrefix: "chat-page", points: 1, duration: 2 });

const sentence = (status: number, message: string) =>
  Response.json({ message }, { status, headers: { "cache-control": "no-store" } });

export async function POST(request: Request): Promise<Response> {
  const chat = activeChat(await getSession());
  if (!chat) return sentence(404, "There is no chat under way to follow.");
  // JSON only: a cross-site page cannot send it without asking first (a CORS preflight this route never grants).
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return sentence(415, "Send the page as JSON (Content-Type: application/json).");
  }
  const length = Number(request.headers.get("content-length") ?? "NaN");
  if (!Number.isFinite(length) || length > MAX_BODY_BYTES)
    return sentence(413, `A page is described in at most ${MAX_BODY_BYTES} bytes.`);
  let page;
  try {
    page = readPageContext(JSON.parse(await request.text()));
  } catch {
    page = null;
  }
  if (!page) return sentence(400, 'Send the page as {"path": "/…", "title": "…"}.');
  try {
    await perConversation.consume(chat.conversationSid);
  } catch (error) {
    if (error instanceof RateLimiterRes)
      return sentence(429, "The page changed too often; the next change will be sent.");
    throw error;
  }
  try {
    const outcome = await recordPage(chat.conversationSid, page);
    return outcome === "closed" ? sentence(409, "This chat has ended.") : new Response(null, { status: 204 });
  } catch (error) {
    const failure = describeTwilioError(error, "page_context");
    console.error(failure.code, error instanceof Error ? error.message : error);
    return sentence(502, "The page could not be passed on right now.");
  }
}
