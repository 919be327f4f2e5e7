import type { ChatMessage } from "@/lib/chat/types";

/**
 * Messages the visitor wrote that the backend has not confirmed yet. Each carries a client id, also sent in the
 * message's attributes, so a message that did arrive (say, just before the connection dropped) is recognised when
 * it comes back on the live stream and is never sent twice.
 */
export type OutboxItem = {
  clientId: string;
  body: string;
  createdAt: string;
  status: "queued" | "sending" | "failed";
  error?: string;
  /** How many sends were started. After the first, the message may have arrived although no answer came back. */
  attempts?: number;
};

export const CLIENT_ID_ATTRIBUTE = "clientMessageId";

export function enqueue(items: OutboxItem[], body: string, clientId: string, now = new Date()): OutboxItem[] {
  return [...items, { clientId, body, createdAt: now.toISOString(), status: "queued" }];
}

export function update(items: OutboxItem[], clientId: string, patch: Partial<OutboxItem>): OutboxItem[] {
  return items.map((item) => (item.clientId === clientId ? { ...item, ...patch } : item));
}

/** Whether the backend already holds this item's message (looked up before any second send). */
export function delivered(item: OutboxItem, messages: ChatMessage[]): boolean {
  return messages.some((m) => m.attributes[CLIENT_ID_ATTRIBUTE] === item.clientId);
}

/** Drops the items whose messages the conversation already holds. */
export function settle(items: OutboxItem[], messages: ChatMessage[]): OutboxItem[] {
  if (items.length === 0) return items;
  const delivered = new Set(
    messages.map((m) => m.attributes[CLIENT_ID_ATTRIBUTE]).filter((id) => typeof id === "string"),
  );
  const remaining = items.filter((item) => !delivered.has(item.clientId));
  return remaining.length === items.length ? items : remaining;
}

/** The next item to send, oldest first, one at a time so order holds; failed items wait for the visitor's Retry. */
export function nextToSend(items: OutboxItem[]): OutboxItem | undefined {
  if (items.some((item) => item.status === "sending")) return undefined;
  return items.find((item) => item.status === "queued");
}

const key = (conversationSid: string) => `webchat-outbox:${conversationSid}`;

export function loadOutbox(storage: Pick<Storage, "getItem">, conversationSid: string): OutboxItem[] {
  try {
    const raw = JSON.parse(storage.getItem(key(conversationSid)) ?? "[]") as OutboxItem[];
    // An item that was being sent when the page closed is sent again, after checking it did not arrive (attempts).
    return Array.isArray(raw)
      ? raw.map((item) => (item.status === "sending" ? { ...item, status: "queued" } : item))
      : [];
  } catch {
    return [];
  }
}

export function saveOutbox(
  storage: Pick<Storage, "setItem" | "removeItem">,
  conversationSid: string,
  items: OutboxItem[],
) {
  try {
    if (items.length === 0) storage.removeItem(key(conversationSid));
    else storage.setItem(key(conversationSid), JSON.stringify(items));
  } catch {
    // Storage full or disabled: the outbox still works for this page.
  }
}
