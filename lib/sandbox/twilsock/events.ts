import "server-only";
import type { LiveEvent, Sandbox } from "@/lib/sandbox/sandbox";
import type { ParticipantRow } from "@/lib/sandbox/store";
import {
  conversationData,
  descriptor,
  messageData,
  participantData,
  sidOf,
  type SyncTarget,
} from "@/lib/sandbox/twilsock/sync-objects";

// The sandbox's conversation events as Sync events on the objects the SDK subscribes to. The event ids are the
// sandbox's own durable event ids (increasing per conversation), so a resumed subscription replays from the same
// store the SSE stream replays from. Field names are those the SDK's Sync client reads (observed in its build:
// SyncList/SyncMap/SyncDocument `_update`).

export type SyncEvent = { objectSid: string; type: string; event: Record<string, unknown> };

type RestParticipant = {
  sid: string;
  identity: string;
  attributes: string;
  date_created: string;
  date_updated: string;
  last_read_message_index: number | null;
  last_read_timestamp: string | null;
};

function asRow(p: RestParticipant, conversationSid: string): ParticipantRow {
  return {
    sid: p.sid,
    conversation_sid: conversationSid,
    identity: p.identity,
    attributes: p.attributes,
    last_read_message_index: p.last_read_message_index,
    last_read_timestamp: p.last_read_timestamp,
    date_created: p.date_created,
    date_updated: p.date_updated,
  };
}

export function syncEventsFor(sandbox: Sandbox, conversationSid: string, live: LiveEvent): SyncEvent[] {
  if (live.id === undefined) return [];
  const id = live.id;
  const store = sandbox.store;
  const at = new Date().toISOString();
  const document: SyncTarget = { kind: "document", role: "conversation", conversationSid };
  const list: SyncTarget = { kind: "list", role: "messages", conversationSid };
  const roster: SyncTarget = { kind: "map", role: "roster", conversationSid };

  const documentUpdated = (): SyncEvent | null => {
    const conversation = store.getConversation(conversationSid);
    if (!conversation) return null;
    const last = store.listMessages(conversationSid, "desc", 0, 1)[0];
    return {
      objectSid: sidOf(document),
      type: "document_updated",
      event: {
        id,
        document_sid: sidOf(document),
        document_revision: String(id),
        document_data: conversationData(conversation, last),
        date_created: at,
      },
    };
  };

  switch (live.type) {
    case "messageAdded": {
      const data = live.data as { sid: string; index: number };
      const row = store.getMessage(conversationSid, data.sid);
      if (!row) return [];
      const url = descriptor(list, 0, "").url;
      const added: SyncEvent = {
        objectSid: sidOf(list),
        type: "list_item_added",
        event: {
          id,
          list_sid: sidOf(list),
          item_index: row.idx,
          item_data: messageData(row, store.mediaOfMessage(row.sid)),
          item_revision: String(id),
          item_url: `${url}/Items/${row.idx}`,
          list_revision: String(id),
          date_created: row.date_created,
        },
      };
      // Twilio keeps the conversation's `lastMessage` on its document, so each message updates it too.
      const updated = documentUpdated();
      return updated ? [added, updated] : [added];
    }
    case "conversationUpdated": {
      const updated = documentUpdated();
      return updated ? [updated] : [];
    }
    case "participantAdded":
    case "participantUpdated":
    case "participantRemoved": {
      const p = live.data as RestParticipant;
      const url = descriptor(roster, 0, "").url;
      const type =
        live.type === "participantAdded"
          ? "map_item_added"
          : live.type === "participantUpdated"
            ? "map_item_updated"
            : "map_item_removed";
      return [
        {
          objectSid: sidOf(roster),
          type,
          event: {
            id,
            map_sid: sidOf(roster),
            item_key: p.sid,
            item_data: participantData(asRow(p, conversationSid)),
            item_revision: String(id),
            item_url: `${url}/Items/${p.sid}`,
            map_revision: String(id),
            date_created: at,
          },
        },
      ];
    }
    default:
      return [];
  }
}
