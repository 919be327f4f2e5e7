import { describe, expect, it } from "vitest";
import * as outbox from "@/lib/chat/outbox";
import type { ChatMessage } from "@/lib/chat/types";

const message = (index: number, clientId?: string): ChatMessage => ({
  sid: `IM${index}`,
  index,
  author: "guest",
  body: `m${index}`,
  dateCreated: "2026-01-01T00:00:00Z",
  attributes: clientId ? { [outbox.CLIENT_ID_ATTRIBUTE]: clientId } : {},
  media: [],
});

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe("outbox", () => {
  it("sends one at a time, oldest first, and lets failed items wait for Retry", () => {
    let items = outbox.enqueue(outbox.enqueue(outbox.enqueue([], "a", "1"), "b", "2"), "c", "3");
    expect(outbox.nextToSend(items)?.clientId).toBe("1");
    items = outbox.update(items, "1", { status: "sending" });
    expect(outbox.nextToSend(items)).toBeUndefined();
    items = outbox.update(items, "1", { status: "failed", error: "refused" });
    expect(outbox.nextToSend(items)?.clientId).toBe("2");
  });

  it("drops items whose messages arrived, so nothing is sent twice", () => {
    const items = outbox.enqueue(outbox.enqueue([], "a", "1"), "b", "2");
    expect(outbox.settle(items, [message(0), message(1, "1")]).map((i) => i.clientId)).toEqual(["2"]);
    expect(outbox.settle(items, [message(0)])).toBe(items);
  });

  it("survives a reload through storage, re-queueing what was in flight", () => {
    const storage = memoryStorage();
    const items = outbox.update(outbox.enqueue(outbox.enqueue([], "a", "1"), "b", "2"), "1", { status: "sending" });
    outbox.saveOutbox(storage, "CH1", items);
    expect(outbox.loadOutbox(storage, "CH1").map((i) => [i.clientId, i.status])).toEqual([
      ["1", "queued"],
      ["2", "queued"],
    ]);
    expect(outbox.loadOutbox(storage, "CH2")).toEqual([]);
    outbox.saveOutbox(storage, "CH1", []);
    expect(storage.data.size).toBe(0);
    storage.setItem("webchat-outbox:CH3", "{not json");
    expect(outbox.loadOutbox(storage, "CH3")).toEqual([]);
  });

  it("finds an item's message among the conversation's latest by its client id, and nothing else", () => {
    const [item] = outbox.enqueue([], "hello", "c-1");
    const message = (attributes: Record<string, unknown>) => ({
      sid: "IM1",
      index: 0,
      author: "guest",
      body: "hello",
      dateCreated: "",
      attributes,
      media: [],
    });
    expect(outbox.delivered(item!, [message({ [outbox.CLIENT_ID_ATTRIBUTE]: "c-1" })])).toBe(true);
    expect(outbox.delivered(item!, [message({ [outbox.CLIENT_ID_ATTRIBUTE]: "c-2" }), message({})])).toBe(false);
  });
});
