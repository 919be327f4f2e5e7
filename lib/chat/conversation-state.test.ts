import { describe, expect, it } from "vitest";
import { chatReducer, initialChatState, mergeMessages } from "@/lib/chat/conversation-state";
import type { ChatMessage } from "@/lib/chat/types";

const message = (index: number, author = "guest", body = `m${index}`): ChatMessage => ({
  sid: `IM${String(index).padStart(32, "0")}`,
  index,
  author,
  body,
  dateCreated: new Date(2026, 0, 1, 12, index).toISOString(),
  attributes: {},
  media: [],
});

describe("mergeMessages", () => {
  it("keeps each index once, oldest first, whatever order they arrive in", () => {
    const merged = mergeMessages([message(0), message(2)], [message(1), message(2), message(0)]);
    expect(merged.map((m) => m.index)).toEqual([0, 1, 2]);
  });

  it("keeps a delivered message when the send's own answer (index only, no SID) comes after it", () => {
    const media = [{ sid: `ME${"1".repeat(32)}`, filename: "dot.png", contentType: "image/png", size: 68 }];
    const delivered = { ...message(1), media };
    const answer = { ...message(1), sid: "", media: [] };
    expect(mergeMessages([message(0), delivered], [answer])[1]).toEqual(delivered);
    // The other way round, the delivered message replaces the placeholder.
    expect(mergeMessages([message(0), answer], [delivered])[1]).toEqual(delivered);
  });
});

describe("chatReducer", () => {
  it("merges a snapshot over server-rendered history without duplicates", () => {
    const start = initialChatState([message(0), message(1)], "active");
    const next = chatReducer(start, {
      type: "snapshot",
      messages: [message(1), message(2)],
      state: "active",
      participants: ["guest", "agent"],
      readHorizons: { agent: 1 },
    });
    expect(next.messages.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(next.readHorizons).toEqual({ agent: 1 });
  });

  it("clears an author's typing when their message arrives", () => {
    let view = chatReducer(initialChatState([], "active"), { type: "typing", identity: "agent" });
    expect(Object.keys(view.typing)).toEqual(["agent"]);
    view = chatReducer(view, { type: "messageAdded", message: message(0, "agent") });
    expect(view.typing).toEqual({});
  });

  it("flags a reconnection only when coming back from a drop", () => {
    let view = chatReducer(initialChatState([], "active"), { type: "connection", status: "connected" });
    expect(view.reconnected).toBe(false);
    view = chatReducer(view, { type: "connection", status: "disconnected" });
    view = chatReducer(view, { type: "connection", status: "connected" });
    expect(view.reconnected).toBe(true);
  });

  it("never moves a read horizon backwards", () => {
    let view = chatReducer(initialChatState([], "active"), { type: "readHorizon", identity: "agent", index: 4 });
    view = chatReducer(view, { type: "readHorizon", identity: "agent", index: 2 });
    expect(view.readHorizons.agent).toBe(4);
  });

  it("places the New messages divider once, from the first snapshot's read horizon", () => {
    const start = initialChatState([message(0, "guest"), message(1, "agent"), message(2, "agent")], "active", "guest");
    let view = chatReducer(start, {
      type: "snapshot",
      messages: [message(1, "agent"), message(2, "agent")],
      state: "active",
      readHorizons: { guest: 1 },
      participants: ["guest"],
    });
    expect(view.firstUnreadIndex).toBe(2);
    view = chatReducer(view, { type: "readHorizon", identity: "guest", index: 2 });
    view = chatReducer(view, {
      type: "snapshot",
      messages: [],
      state: "active",
      readHorizons: { guest: 2 },
      participants: [],
    });
    expect(view.firstUnreadIndex).toBe(2);
  });

  it("counts what came before the visitor's own latest message as read: an invitation they answered is not new", () => {
    const start = initialChatState([], "active", "guest");
    const view = chatReducer(start, {
      type: "snapshot",
      messages: [message(0, "system"), message(1, "guest"), message(2, "agent")],
      state: "active",
      readHorizons: {},
      participants: ["guest"],
    });
    expect(view.firstUnreadIndex).toBe(2);
  });

  it("replaces the view with a snapshot a gap away from it, so the log never shows a hole", () => {
    let view = chatReducer(initialChatState([message(0), message(1)], "active"), {
      type: "connection",
      status: "connected",
    });
    const later = Array.from({ length: 3 }, (_, i) => message(300 + i));
    view = chatReducer(view, {
      type: "snapshot",
      messages: later,
      state: "active",
      readHorizons: {},
      participants: [],
    });
    expect(view.messages.map((m) => m.index)).toEqual([300, 301, 302]);
    expect(view.hasOlder).toBe(true);
    // Contiguous with what is shown: merged.
    view = chatReducer(view, {
      type: "snapshot",
      messages: [message(302), message(303)],
      state: "active",
      readHorizons: {},
      participants: [],
    });
    expect(view.messages.map((m) => m.index)).toEqual([300, 301, 302, 303]);
  });

  it("merges older pages in front and remembers whether more exist", () => {
    const start = initialChatState([message(30), message(31)], "active", "guest");
    expect(start.hasOlder).toBe(true);
    const view = chatReducer(start, { type: "olderLoaded", messages: [message(28), message(29)], hasOlder: false });
    expect(view.messages.map((m) => m.index)).toEqual([28, 29, 30, 31]);
    expect(view.hasOlder).toBe(false);
  });

  it("knows who else is in the conversation: none while waiting, then whoever joins, once each", () => {
    let view = chatReducer(initialChatState([], "active", "guest"), {
      type: "snapshot",
      messages: [],
      state: "active",
      readHorizons: {},
      participants: ["guest"],
    });
    expect(view.others).toEqual([]);
    view = chatReducer(view, { type: "participantJoined", identity: "agent-1" });
    view = chatReducer(view, { type: "participantJoined", identity: "agent-1" });
    view = chatReducer(view, { type: "participantJoined", identity: "guest" });
    expect(view.others).toEqual(["agent-1"]);
    // One "joined" line for the agent, after the newest message of that moment; none for the visitor themself.
    expect(view.systemLines.map(({ kind, identity, afterIndex }) => ({ kind, identity, afterIndex }))).toEqual([
      { kind: "joined", identity: "agent-1", afterIndex: view.messages.at(-1)?.index ?? -1 },
    ]);
    view = chatReducer(view, { type: "messageAdded", message: message(7, "agent-1") });
    view = chatReducer(view, { type: "participantJoined", identity: "agent-2" });
    expect(view.systemLines.at(-1)).toMatchObject({ identity: "agent-2", afterIndex: 7 });
    // Leaving: out of the others, one "left" line; someone who was never there leaves no line.
    view = chatReducer(view, { type: "participantLeft", identity: "agent-1" });
    view = chatReducer(view, { type: "participantLeft", identity: "agent-1" });
    view = chatReducer(view, { type: "participantLeft", identity: "stranger" });
    expect(view.others).toEqual(["agent-2"]);
    expect(view.systemLines.map((line) => `${line.kind}:${line.identity}`)).toEqual([
      "joined:agent-1",
      "joined:agent-2",
      "left:agent-1",
    ]);
  });
});
