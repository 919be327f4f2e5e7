import type { ChatMedia, ChatMessage, ConversationState } from "@/lib/chat/types";

/** Twilio's REST/JSON message shape (snake_case), as the sandbox stream and REST answers carry it. */
export type WireMessage = {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  date_created: string | null;
  attributes: string | null;
  media?: WireMedia[] | null;
};

/** One entry of a REST message's `media` array. */
export type WireMedia = { sid: string; filename: string | null; content_type: string; size: number };

export function fromWireMedia(m: WireMedia): ChatMedia {
  return { sid: m.sid, filename: m.filename ?? "attachment", contentType: m.content_type, size: m.size };
}

export type WireParticipant = { identity: string | null; last_read_message_index: number | null };

export function parseAttributes(raw: string | null | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toChatMessage(wire: WireMessage): ChatMessage {
  return {
    sid: wire.sid,
    index: wire.index,
    author: wire.author ?? "system",
    body: wire.body ?? "",
    dateCreated: wire.date_created ?? new Date(0).toISOString(),
    attributes: parseAttributes(wire.attributes),
    media: (wire.media ?? []).map(fromWireMedia),
  };
}

export function toConversationState(state: string | null | undefined): ConversationState {
  return state === "closed" || state === "inactive" ? state : "active";
}

export function readHorizons(participants: WireParticipant[]): Record<string, number> {
  const horizons: Record<string, number> = {};
  for (const p of participants) {
    if (p.identity && p.last_read_message_index !== null) horizons[p.identity] = p.last_read_message_index;
  }
  return horizons;
}
