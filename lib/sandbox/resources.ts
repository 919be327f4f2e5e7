import "server-only";
import type { ConversationRow, Credentials, MediaRow, MessageRow, ParticipantRow, UserRow } from "@/lib/sandbox/store";

/** Serializers to Twilio's REST JSON shapes (Conversations v1), shared by the REST API and the live stream. */

export const CONVERSATIONS_BASE = "https://conversations.twilio.com/v1";

export function conversationResource(row: ConversationRow, creds: Credentials, timers: Record<string, string> = {}) {
  const url = `${CONVERSATIONS_BASE}/Conversations/${row.sid}`;
  return {
    account_sid: creds.accountSid,
    chat_service_sid: creds.conversationsServiceSid,
    messaging_service_sid: null,
    sid: row.sid,
    friendly_name: row.friendly_name,
    unique_name: row.unique_name,
    attributes: row.attributes,
    state: row.state,
    date_created: row.date_created,
    date_updated: row.date_updated,
    timers,
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
    },
    bindings: null,
  };
}

export function messageResource(row: MessageRow, creds: Credentials, media: MediaRow[] = []) {
  const url = `${CONVERSATIONS_BASE}/Conversations/${row.conversation_sid}/Messages/${row.sid}`;
  return {
    account_sid: creds.accountSid,
    conversation_sid: row.conversation_sid,
    sid: row.sid,
    index: row.idx,
    author: row.author,
    body: row.body,
    media:
      media.length === 0
        ? null
        : media.map((m) => ({
            sid: m.sid,
            category: "media",
            content_type: m.content_type,
            filename: m.filename,
            size: m.size,
          })),
    attributes: row.attributes,
    participant_sid: row.participant_sid,
    date_created: row.date_created,
    // "null if the message has not been edited" (the Message resource); the sandbox never edits messages.
    date_updated: row.date_updated === row.date_created ? null : row.date_updated,
    url,
    delivery: null,
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    content_sid: null,
  };
}

export function participantResource(row: ParticipantRow, creds: Credentials) {
  return {
    account_sid: creds.accountSid,
    conversation_sid: row.conversation_sid,
    sid: row.sid,
    identity: row.identity,
    attributes: row.attributes,
    messaging_binding: null,
    role_sid: null,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url: `${CONVERSATIONS_BASE}/Conversations/${row.conversation_sid}/Participants/${row.sid}`,
    last_read_message_index: row.last_read_message_index,
    last_read_timestamp: row.last_read_timestamp,
  };
}

/** A Participant Conversation: one conversation an identity takes part in, with the participant's SIDs. */
export function participantConversationResource(
  participant: ParticipantRow,
  conversation: ConversationRow,
  userSid: string | null,
  creds: Credentials,
  timers: Record<string, string>,
) {
  return {
    account_sid: creds.accountSid,
    chat_service_sid: creds.conversationsServiceSid,
    participant_sid: participant.sid,
    participant_user_sid: userSid,
    participant_identity: participant.identity,
    participant_messaging_binding: null,
    conversation_sid: conversation.sid,
    conversation_unique_name: conversation.unique_name,
    conversation_friendly_name: conversation.friendly_name,
    conversation_attributes: conversation.attributes,
    conversation_date_created: conversation.date_created,
    conversation_date_updated: conversation.date_updated,
    conversation_created_by: null,
    conversation_state: conversation.state,
    conversation_timers: timers,
    links: {
      participant: `${CONVERSATIONS_BASE}/Conversations/${conversation.sid}/Participants/${participant.sid}`,
      conversation: `${CONVERSATIONS_BASE}/Conversations/${conversation.sid}`,
    },
  };
}

export function userResource(row: UserRow, creds: Credentials) {
  const url = `${CONVERSATIONS_BASE}/Users/${row.sid}`;
  return {
    sid: row.sid,
    account_sid: creds.accountSid,
    chat_service_sid: creds.conversationsServiceSid,
    role_sid: null,
    identity: row.identity,
    friendly_name: row.friendly_name,
    attributes: row.attributes,
    is_online: null,
    is_notifiable: null,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url,
    links: { user_conversations: `${url}/Conversations` },
  };
}
