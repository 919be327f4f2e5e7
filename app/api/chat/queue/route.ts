import { activeChat, getSession } from "@/lib/session";
import { describeTwilioError } from "@/lib/twilio/errors";
import { readQueuePlace } from "@/lib/data/visitor";

// The visitor's place in the queue while no agent has joined (lib/twilio/queue.ts), for their own chat only: the
// session cookie says which. Polled by the chat view every few seconds; TaskRouter reads are shared per queue.
export const dynamic = "force-dynamic";

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

export async function GET(): Promise<Response> {
  const chat = activeChat(await getSession());
  if (!chat) return json(404, { message: "There is no chat under way to wait in." });
  try {
    return json(200, await readQueuePlace(chat.conversationSid));
  } catch (error) {
    const failure = describeTwilioError(error, "queue_status");
    console.error(failure.code, error instanceof Error ? error.message : error);
    return json(502, { message: "Your place in the queue is not known right now." });
  }
}
