import "server-only";
import { createHash } from "node:crypto";
import type { MediaRow, MessageRow, ParticipantRow, ConversationRow } from "@/lib/sandbox/store";

// How a conversation looks to @twilio/conversations: not REST resources but Sync objects it reads and subscribes to
// (docs/sandbox-protocol.md, "What the SDK asks for"): per conversation a document (the conversation itself), a list
// (its messages, by index) and a map (its roster, by participant SID); per identity a map of its conversations and
// one of its user info. The field names below are those the SDK reads (observed in its published build); where a
// value's exact form was found only by trial (the SDK accepted it), it is marked "by trial".

export const CDS_BASE = "https://cds.us1.twilio.com/v3";

export type SyncKind = "document" | "list" | "map";

/** Which sandbox data a Sync object shows. */
export type SyncTarget =
  | { kind: "document"; role: "conversation"; conversationSid: string }
  | { kind: "list"; role: "messages"; conversationSid: string }
  | { kind: "map"; role: "roster"; conversationSid: string }
  | { kind: "map"; role: "myConversations"; identity: string }
  | { kind: "map"; role: "userInfo"; identity: string };

const HEX32 = /^[0-9a-f]{32}$/;
const identityHash = (identity: string) => createHash("sha256").update(identity).digest("hex").slice(0, 32);

/**
 * Names and SIDs. A conversation's objects derive both from its SID, so they resolve without a lookup; an identity's
 * maps carry a hash of it, resolved through the identities connected to this endpoint (IdentityIndex).
 */
export function nameOf(target: SyncTarget): string {
  switch (target.role) {
    case "conversation":
      return `${target.conversationSid}.channel`;
    case "messages":
      return `${target.conversationSid}.messages`;
    case "roster":
      return `${target.conversationSid}.roster`;
    case "myConversations":
      return `${identityHash(target.identity)}.conversations`;
    case "userInfo":
      return `${identityHash(target.identity)}.userinfo`;
  }
}

export function sidOf(target: SyncTarget): string {
  switch (target.role) {
    case "conversation":
      return `ET${target.conversationSid.slice(2).toLowerCase()}`;
    case "messages":
      return `ES${target.conversationSid.slice(2).toLowerCase()}`;
    case "roster":
      return `MP${target.conversationSid.slice(2).toLowerCase()}`;
    case "myConversations":
      return `MP${identityHash(`conversations:${target.identity}`)}`;
    case "userInfo":
      return `MP${identityHash(`userinfo:${target.identity}`)}`;
  }
}

/**
 * The identities with an open socket, by the names and SIDs of their two maps: a hash of the identity cannot be
 * reversed, so each is entered once when its socket is admitted (four hashes) and looked up in one step after that.
 * Removed when the identity's last socket closes, so it holds the clients connected now, never every client since boot.
 */
export class IdentityIndex {
  private readonly targets = new Map<string, SyncTarget>();
  private readonly keys = new Map<string, string[]>();

  add(identity: string): void {
    if (this.keys.has(identity)) return;
    const keys: string[] = [];
    for (const role of ["myConversations", "userInfo"] as const) {
      const target: SyncTarget = { kind: "map", role, identity };
      for (const key of [nameOf(target), sidOf(target)]) {
        this.targets.set(key, target);
        keys.push(key);
      }
    }
    this.keys.set(identity, keys);
  }

  delete(identity: string): void {
    for (const key of this.keys.get(identity) ?? []) this.targets.delete(key);
    this.keys.delete(identity);
  }

  has(identity: string): boolean {
    return this.keys.has(identity);
  }

  get size(): number {
    return this.keys.size;
  }

  find(id: string): SyncTarget | undefined {
    return this.targets.get(id);
  }
}

/** Resolves a name or SID the SDK sends, for a kind of object (Documents, Lists, Maps). */
export function resolveTarget(kind: SyncKind, id: string, identities: IdentityIndex): SyncTarget | null {
  const conversation = (suffix: string, prefix: string) => {
    if (id.endsWith(suffix) && /^CH[0-9a-f]{32}$/i.test(id.slice(0, -suffix.length)))
      return `CH${id.slice(2, 34).toLowerCase()}`;
    if (id.startsWith(prefix) && HEX32.test(id.slice(2))) return `CH${id.slice(2)}`;
    return null;
  };
  if (kind === "document") {
    const sid = conversation(".channel", "ET");
    return sid ? { kind, role: "conversation", conversationSid: sid } : null;
  }
  if (kind === "list") {
    const sid = conversation(".messages", "ES");
    return sid ? { kind, role: "messages", conversationSid: sid } : null;
  }
  const own = identities.find(id);
  if (own) return own;
  const sid = conversation(".roster", "MP");
  return sid ? { kind: "map", role: "roster", conversationSid: sid } : null;
}

const collection = (kind: SyncKind) => (kind === "document" ? "Documents" : kind === "list" ? "Lists" : "Maps");

/** The descriptor Sync answers for an object (its "root"): the SDK keeps `last_event_id` to order later events. */
export function descriptor(target: SyncTarget, lastEventId: number, dateUpdated: string, data?: unknown) {
  const sid = sidOf(target);
  const url = `${CDS_BASE}/${collection(target.kind)}/${sid}`;
  return {
    sid,
    unique_name: nameOf(target),
    revision: String(lastEventId),
    last_event_id: lastEventId,
    date_updated: dateUpdated,
    date_expires: null,
    url,
    ...(target.kind === "document" ? { data: data ?? {} } : { links: { items: `${url}/Items` } }),
  };
}

/**
 * The conversation document's data: what Conversation#_update reads (attributes as a JSON string), and the names of
 * its messages list and roster map, which the SDK opens from here.
 */
export function conversationData(row: ConversationRow, lastMessage: MessageRow | undefined) {
  return {
    sid: row.sid,
    messages: nameOf({ kind: "list", role: "messages", conversationSid: row.sid }),
    roster: nameOf({ kind: "map", role: "roster", conversationSid: row.sid }),
    friendlyName: row.friendly_name,
    uniqueName: row.unique_name,
    attributes: row.attributes,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    createdBy: "system",
    // By trial: the SDK keeps `state` as given, turning `dateUpdated` into a Date.
    state: { current: row.state, dateUpdated: row.date_updated },
    ...(lastMessage ? { lastMessage: { index: lastMessage.idx, timestamp: lastMessage.date_created } } : {}),
  };
}

/** A message as a list item's data: what the SDK's Message reads (`text`, `timestamp`, `memberSid`, `medias`). */
export function messageData(row: MessageRow, media: MediaRow[]) {
  return {
    sid: row.sid,
    author: row.author,
    text: row.body,
    attributes: row.attributes,
    timestamp: row.date_created,
    dateUpdated: row.date_updated,
    memberSid: row.participant_sid,
    type: media.length > 0 ? "media" : "text",
    ...(media.length > 0
      ? {
          medias: media.map((m) => ({
            sid: m.sid,
            filename: m.filename,
            contentType: m.content_type,
            size: m.size,
            category: "media",
          })),
        }
      : {}),
  };
}

/** A participant as a roster item's data: what the SDK's Participant reads. */
export function participantData(row: ParticipantRow) {
  return {
    identity: row.identity,
    attributes: row.attributes,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    lastConsumedMessageIndex: row.last_read_message_index,
    lastConsumptionTimestamp: row.last_read_timestamp,
    type: "chat",
    roleSid: null,
  };
}

/** An entry of the identity's conversations map (and of the my-conversations REST list, in its own naming). */
export function myConversationData(conversation: ConversationRow, participant: ParticipantRow) {
  return {
    channel: nameOf({ kind: "document", role: "conversation", conversationSid: conversation.sid }),
    messages: nameOf({ kind: "list", role: "messages", conversationSid: conversation.sid }),
    roster: nameOf({ kind: "map", role: "roster", conversationSid: conversation.sid }),
    status: "joined",
    lastConsumedMessageIndex: participant.last_read_message_index,
    notificationLevel: "default",
    friendlyName: conversation.friendly_name,
    uniqueName: conversation.unique_name,
    attributes: conversation.attributes,
    dateCreated: conversation.date_created,
    dateUpdated: conversation.date_updated,
  };
}
