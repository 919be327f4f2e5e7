import "server-only";
import type { ChatMessage } from "@/lib/chat/types";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { retryOnce, twilioStatus } from "@/lib/twilio/errors";
import { listAllMessages, type TwilioContext } from "@/lib/twilio/webchat";

/** One of a returning visitor's earlier chats, as their list shows it. */
export type PastChat = { conversationSid: string; startedAt: string; question: string | null };

/** How many earlier chats the list shows (the newest). */
export const PAST_CHATS_SHOWN = 20;
/** Pages of ParticipantConversations read (50 each, its maximum): enough for years of a person's chats. */
const PAGES_READ = 4;
const CONVERSATION_SID = /^CH[0-9a-fA-F]{32}$/;

/** The first question, as WebChats stored it in the conversation's `pre_engagement_data` (absent: none). */
function questionOf(attributes: string | null): string | null {
  const data = parseAttributes(attributes).pre_engagement_data;
  const question = data && typeof data === "object" ? (data as Record<string, unknown>).question : undefined;
  return typeof question === "string" && question.trim() ? question.trim().slice(0, 200) : null;
}

function chatsOf({ client }: TwilioContext, identity: string) {
  return retryOnce(() =>
    client.conversations.v1.participantConversations.list({ identity, pageSize: 50, limit: 50 * PAGES_READ }),
  );
}

/** The SID of this identity's open chat (the newest, were there several), or null. */
export async function findOpenChat(context: TwilioContext, identity: string): Promise<string | null> {
  const open = (await chatsOf(context, identity))
    .filter((row) => row.conversationState !== "closed")
    .sort((a, b) => new Date(b.conversationDateCreated).getTime() - new Date(a.conversationDateCreated).getTime());
  return open[0]?.conversationSid ?? null;
}

/**
 * A visitor's earlier, closed chats, newest first. Read from ParticipantConversations by identity (Conversations
 * API: the conversations an identity takes part in, whose `conversation_state` may be `closed`) — the SDK cannot
 * show them: a conversation that closes is one its user has left ("Any operations with closed conversation are not
 * permitted", the SDK's ConversationState.CLOSED). The document names no order for the list, so it is sorted here.
 */
export async function listPastChats(context: TwilioContext, identity: string): Promise<PastChat[]> {
  return (await chatsOf(context, identity))
    .filter((row) => row.conversationState === "closed")
    .map((row) => ({
      conversationSid: row.conversationSid,
      startedAt: new Date(row.conversationDateCreated).toISOString(),
      question: questionOf(row.conversationAttributes),
    }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, PAST_CHATS_SHOWN);
}

/**
 * One earlier chat, whole, when `identity` took part in it and it is closed; null otherwise (no such conversation,
 * someone else's, or still open: that one is the current chat, not history). Participation is the conversation's
 * participant fetched by identity (the Participant resource: "you can pass a Participant's `identity` rather than
 * the SID"); its messages are read only once that has answered.
 */
export async function loadPastChat(
  context: TwilioContext,
  identity: string,
  conversationSid: string,
): Promise<{ startedAt: string; attributes: Record<string, unknown>; messages: ChatMessage[] } | null> {
  if (!CONVERSATION_SID.test(conversationSid)) return null;
  const conversation = context.client.conversations.v1.conversations(conversationSid);
  try {
    const [, resource] = await Promise.all([
      retryOnce(() => conversation.participants(identity).fetch()),
      retryOnce(() => conversation.fetch()),
    ]);
    if (resource.state !== "closed") return null;
    return {
      startedAt: new Date(resource.dateCreated).toISOString(),
      attributes: parseAttributes(resource.attributes),
      messages: await listAllMessages(context, conversationSid),
    };
  } catch (error) {
    if (twilioStatus(error) === 404) return null;
    throw error;
  }
}
