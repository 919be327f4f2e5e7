import { getTranslations } from "next-intl/server";
import { buildTranscript } from "@/lib/chat/transcript";
import { authorKind } from "@/lib/chat/authors";
import { getSession, transcriptConversation } from "@/lib/session";
import { describeTwilioError } from "@/lib/twilio/errors";
import { readAllMessages, readConversation } from "@/lib/data/visitor";
import { transcriptDetails } from "@/lib/transcripts/details";

export const dynamic = "force-dynamic";

/** The visitor's own chat (current, or just ended) as a .txt download. Times are UTC: the server knows no zone. */
export async function GET(): Promise<Response> {
  const t = await getTranslations();
  const session = await getSession();
  const conversationSid = transcriptConversation(session);
  if (!conversationSid || !session.identity) {
    return new Response(t("transcript.none"), {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const identity = session.identity;
  let messages;
  let attributes: Record<string, unknown> = {};
  try {
    const [all, conversation] = await Promise.all([
      readAllMessages(conversationSid),
      readConversation(conversationSid),
    ]);
    messages = all;
    attributes = conversation?.attributes ?? {};
  } catch (error) {
    const failure = describeTwilioError(error, "transcript");
    console.error(failure.code, error instanceof Error ? error.message : error);
    return new Response(t(failure.messageKey), {
      status: 502,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const kind = authorKind(messages, identity);
  const text = buildTranscript(messages, {
    title: t("transcript.title"),
    nameOf: (author) => t(`chat.${kind(author)}`),
    formatTime: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
    details: transcriptDetails(attributes, t),
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
