import { buildTranscript } from "@/lib/chat/transcript";
import { getSession, transcriptConversation } from "@/lib/session";
import { getTwilio } from "@/lib/twilio/client";
import { describeTwilioError } from "@/lib/twilio/errors";
import { listAllMessages } from "@/lib/twilio/webchat";

export const dynamic = "force-dynamic";

/** The visitor's own chat (current, or just ended) as a .txt download. Times are UTC: the server knows no zone. */
export async function GET(): Promise<Response> {
  const session = await getSession();
  const conversationSid = transcriptConversation(session);
  if (!conversationSid || !session.identity) {
    return new Response("There is no chat to download. Start a chat first.", { status: 404 });
  }
  const identity = session.identity;
  let messages;
  try {
    messages = await listAllMessages(getTwilio(), conversationSid);
  } catch (error) {
    const failure = describeTwilioError(error, "transcript");
    console.error(failure.code, error instanceof Error ? error.message : error);
    return new Response(failure.message, { status: 502 });
  }
  const text = buildTranscript(messages, {
    title: `Chat transcript (times in UTC)`,
    nameOf: (author) => (author === identity ? "You" : author === "system" ? "System" : "Agent"),
    formatTime: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
  });
  const day = messages[0]?.dateCreated.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
  return new Response(text, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="chat-transcript-${day}.txt"`,
      "cache-control": "no-store",
    },
  });
}
