import type { ChatMedia, ChatMessage, ConversationState } from "@/lib/chat/types";

// Twilio's message, participant and conversation shapes, and the one mapping from any of them to the chat's own
// types: the REST JSON the sandbox's stream carries (snake_case), the twilio package's resources (the server), and
// the SDK's objects (lib/chat/twilio-connection.ts) all go through toChatMessage, so their fallbacks are the same.

/** A message's fields as every source has them; `attributes` is a JSON string (REST) or an object (the SDK). */
export type MessageFields = {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  dateCreated: Date | string | null;
  attributes: unknown;
  media: ChatMedia[];
  /** Null when no participant wrote it; undefined when the source does not say. */
  participantSid?: string | null;
};

export function toChatMessage(m: MessageFields): ChatMessage {
  const dateCreated = m.dateCreated ?? new Date(0);
  return {
    sid: m.sid,
    index: m.index,
    author: m.author ?? "system",
    body: m.body ?? "",
    dateCreated: typeof dateCreated === "string" ? dateCreated : dateCreated.toISOString(),
    attributes:
      typeof m.attributes === "string" || m.attributes === null
        ? parseAttributes(m.attributes)
        : objectOrEmpty(m.attributes),
    media: m.media,
    ...(m.participantSid === null || !m.author ? { automated: true } : {}),
  };
}

/**
 * A message object with camelCase fields (the twilio package's resource, the SDK's Message), its media already
 * mapped. Read field by field: the SDK keeps its fields behind getters, which a spread would not copy.
 */
export function fromMessageObject(m: Omit<MessageFields, "media">, media: ChatMedia[]): ChatMessage {
  return toChatMessage({
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    dateCreated: m.dateCreated,
    attributes: m.attributes,
    media,
    participantSid: m.participantSid,
  });
}

/** A media item's fields as every source has them (`filename` may be missing). */
export function toChatMedia(m: { sid: string; filename: string | null; contentType: string; size: number }): ChatMedia {
  return { sid: m.sid, filename: m.filename ?? "attachment", contentType: m.contentType, size: m.size };
}

/** Twilio's REST/JSON message shape (snake_case), as the sandbox stream and REST answers carry it. */
export type WireMessage = {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  date_created: string | null;
  attributes: string | null;
  media?: WireMedia[] | null;
  participant_sid?: string | null;
};

/** One entry of a REST message's `media` array. */
export type WireMedia = { sid: string; filename: string | null; content_type: string; size: number };

export function fromWireMedia(m: WireMedia): ChatMedia {
  return toChatMedia({ ...m, contentType: m.content_type });
}

export type WireParticipant = { identity: string | null; last_read_message_index: number | null };

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function parseAttributes(raw: string | null | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    return objectOrEmpty(JSON.parse(raw));
  } catch {
    return {};
  }
}

/** A message as REST JSON carries it (the sandbox's stream and answers, the twilio package's `media`). */
export function fromWireMessage(wire: WireMessage): ChatMessage {
  return toChatMessage({
    ...wire,
    dateCreated: wire.date_created,
    media: (wire.media ?? []).map(fromWireMedia),
    participantSid: wire.participant_sid,
  });
}

export function toConversationState(state: string | null | undefined): ConversationState {
  return state === "closed" || state === "inactive" ? state : "active";
}

/** Each participant's read horizon (the last message index they have read), by identity: SDK participants as they are. */
export function readHorizons(
  participants: { identity: string | null; lastReadMessageIndex: number | null }[],
): Record<string, number> {
  const horizons: Record<string, number> = {};
  for (const p of participants) {
    if (p.identity && p.lastReadMessageIndex !== null) horizons[p.identity] = p.lastReadMessageIndex;
  }
  return horizons;
}

/** A REST JSON participant in the shape readHorizons takes. */
export function fromWireParticipant(p: WireParticipant): {
  identity: string | null;
  lastReadMessageIndex: number | null;
} {
  return { identity: p.identity, lastReadMessageIndex: p.last_read_message_index };
}
