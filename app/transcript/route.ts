import { getTranslations } from "next-intl/server";
import { buildTranscript } from "@/lib/chat/transcript";
import { authorKind } from "@/lib/chat/authors";
import { getSession, historyIdentity, transcriptConversation } from "@/lib/session";
import { getEnv } from "@/lib/env";
import { readKnownIdentity } from "@/lib/visitor-context";
import { describeTwilioError } from "@/lib/twilio/errors";
import { readAllMessages, readConversation, readPastChat } from "@/lib/data/visitor";
import { transcriptDetails } from "@/lib/transcripts/details";

export const dynamic = "force-dynamic";

/**
 * The visitor's own chat (current, or just ended) as a .txt download; with `?conversation=`, one of a known
 * visitor's earlier chats (app/_components/history-view.tsx), theirs by the same proof as the list's. Times are
 * UTC: the server knows no zone.
 */
export async function GET(request: Request): Promise<Response> {
  const t = await getTranslations();
  const session = await getSession();
  const params = new URL(request.url).searchParams;
  const past = params.get("conversation");
  const none = () =>
    new Response(t("transcript.none"), {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  const context = params.get("context") ?? undefined;
  const identity = past
    ? historyIdentity(session, readKnownIdentity(context, getEnv().contextSecret), Boolean(context))
    : session.identity;
  const conversationSid = past ?? transcriptConversation(session);
  if (!conversationSid || !identity) return none();
  let messages;
  let attributes: Record<string, unknown> = {};
  try {
    if (past) {
      const chat = await readPastChat(identity, past);
      if (!chat) return none();
      ({ messages, attributes } = chat);
    } else {
      const [all, conversation] = await Promise.all([
        readAllMessages(conversationSid),
        readConversation(conversationSid),
      ]);
      messages = all;
      attributes = conversation?.attributes ?? {};
    }
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
