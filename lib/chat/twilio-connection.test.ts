import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClient, FakeConversation, fakeSdk } from "@/lib/chat/testing/fake-conversations-sdk";
import { ChatRequestError } from "@/lib/chat/errors";
import { CATCH_UP_GRACE_MS, TwilioConnection, classifySdkError } from "@/lib/chat/twilio-connection";
import type { ChatEvent } from "@/lib/chat/types";

const SID = `CH${"1".repeat(32)}`;
let conversation: FakeConversation;
let connection: TwilioConnection;
let events: ChatEvent[];

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const graceOver = () => new Promise((resolve) => setTimeout(resolve, CATCH_UP_GRACE_MS + 50));
const client = () => FakeClient.instances.at(-1)!;

/** Connects, lets the fake client initialise, and waits for the snapshot. */
async function connected() {
  connection.connect();
  client().conversations.set(SID, conversation);
  client().emit("connectionStateChanged", "connected");
  client().emit("initialized");
  await tick();
  await tick();
}

beforeEach(() => {
  FakeClient.instances = [];
  conversation = new FakeConversation(SID);
  conversation.addMessage("guest", "Hello?");
  conversation.participants = [
    { identity: "guest", lastReadMessageIndex: 0 },
    { identity: "agent", lastReadMessageIndex: null },
  ];
  connection = new TwilioConnection({ conversationSid: SID, identity: "guest", token: "token-1" }, fakeSdk);
  events = [];
  connection.subscribe((event) => events.push(event));
});
afterEach(() => connection.close());

describe("TwilioConnection maps the SDK to the chat seam", () => {
  it("builds one client with the token and starts with a snapshot", async () => {
    await connected();
    expect(FakeClient.instances).toHaveLength(1);
    expect(client().tokens).toEqual(["token-1"]);
    expect(events).toContainEqual({ type: "connection", status: "connected" });
    const snapshot = events.find((e) => e.type === "snapshot");
    expect(snapshot).toMatchObject({ state: "active", readHorizons: { guest: 0 } });
    expect(snapshot?.type === "snapshot" && snapshot.messages.map((m) => m.body)).toEqual(["Hello?"]);
  });

  it("maps messageAdded, typingStarted, participantUpdated and a closed state", async () => {
    await connected();
    conversation.emit("messageAdded", conversation.addMessage("agent", "Hi there"));
    conversation.emit("typingStarted", { identity: "agent", lastReadMessageIndex: null });
    conversation.emit("typingStarted", { identity: "guest", lastReadMessageIndex: null }); // our own: ignored
    conversation.emit("participantUpdated", {
      participant: { identity: "agent", lastReadMessageIndex: 1 },
      updateReasons: ["lastReadMessageIndex"],
    });
    conversation.state = { current: "closed" };
    conversation.emit("updated", { conversation, updateReasons: ["state"] });
    conversation.emit("updated", { conversation, updateReasons: ["attributes"] }); // not a state change
    const live = events.filter((e) => !["connection", "snapshot"].includes(e.type));
    expect(live).toEqual([
      { type: "messageAdded", message: expect.objectContaining({ index: 1, author: "agent", body: "Hi there" }) },
      { type: "typing", identity: "agent" },
      { type: "readHorizon", identity: "agent", index: 1 },
      { type: "stateChanged", state: "closed" },
    ]);
  });

  it("reads a message the SDK never delivered live once the conversation's lastMessage has moved past it", async () => {
    await connected();
    const reads = conversation.getMessagesCalls;
    // A change of lastMessage for a message that did arrive live reads nothing.
    conversation.emit("messageAdded", conversation.addMessage("agent", "Hi there"));
    conversation.emit("updated", { conversation, updateReasons: ["lastMessage"] });
    // Nor does one whose message arrives live within the grace, after the document's change.
    const live = conversation.addMessage("agent", "On its way");
    conversation.emit("updated", { conversation, updateReasons: ["lastMessage"] });
    conversation.emit("messageAdded", live);
    await graceOver();
    expect(conversation.getMessagesCalls).toBe(reads);
    // After a reload the SDK may never deliver a message added as it subscribed (its list has no position): only
    // the conversation's document says it exists.
    const found = conversation.addMessage("agent", "Found it: it ships tomorrow.");
    conversation.addMessage("agent", "Anything else?");
    conversation.emit("updated", { conversation, updateReasons: ["lastMessage"] });
    await graceOver();
    // Should the SDK deliver it after all, it is not handed on twice.
    conversation.emit("messageAdded", found);
    const added = events
      .filter((e) => e.type === "messageAdded")
      .map((e) => e.type === "messageAdded" && [e.message.index, e.message.body]);
    expect(added).toEqual([
      [1, "Hi there"],
      [2, "On its way"],
      [3, "Found it: it ships tomorrow."],
      [4, "Anything else?"],
    ]);
  });

  it.each([
    ["connecting", "connecting"],
    ["connected", "connected"],
    ["disconnecting", "disconnected"],
    ["disconnected", "disconnected"],
    ["denied", "denied"],
    ["error", "disconnected"],
  ])("maps connection state %s to %s", async (state, status) => {
    connection.connect();
    client().emit("connectionStateChanged", state);
    expect(events.at(state === "denied" ? -2 : -1)).toEqual({ type: "connection", status });
  });

  it("asks for a token on tokenAboutToExpire, tokenExpired and denied, and hands the new one to the client", async () => {
    await connected();
    client().emit("tokenAboutToExpire");
    client().emit("tokenExpired");
    client().emit("connectionStateChanged", "denied");
    expect(events.filter((e) => e.type.startsWith("token")).map((e) => e.type)).toEqual([
      "tokenAboutToExpire",
      "tokenExpired",
      "tokenExpired",
    ]);
    await connection.updateToken("token-2");
    expect(client().tokens).toEqual(["token-1", "token-2"]);
  });

  it("sends messages, typing and the read horizon through the conversation", async () => {
    await connected();
    const sent = await connection.sendMessage("Thanks", { attributes: { clientId: "abc" } });
    expect(sent).toMatchObject({ index: 1, author: "guest", body: "Thanks", attributes: { clientId: "abc" } });
    connection.typing();
    await connection.setReadHorizon(1);
    await tick();
    expect(conversation.typingCalls).toBe(1);
    expect(conversation.readHorizon).toBe(1);
    conversation.failSend = true;
    await expect(connection.sendMessage("lost?")).rejects.toMatchObject({ reason: "network", message: "send failed" });
  });

  it("sorts SDK failures into refused for good (Not sent) and worth retrying", async () => {
    await connected();
    conversation.failSend = Object.assign(new Error("Conversation is closed"), { body: { status: 409, code: 50377 } });
    await expect(connection.sendMessage("late")).rejects.toMatchObject({ reason: "closed" });
    conversation.failSend = Object.assign(new Error("Bad request"), { status: 400 });
    await expect(connection.sendMessage("odd")).rejects.toMatchObject({ reason: "invalid" });
    expect(classifySdkError(Object.assign(new Error("expired"), { code: 20104 })).reason).toBe("unauthorized");
    expect(classifySdkError(Object.assign(new Error("forbidden"), { status: 403 })).reason).toBe("forbidden");
    expect(classifySdkError(Object.assign(new Error("Twilsock timeout"), { code: 408 })).reason).toBe("network");
    expect(classifySdkError(Object.assign(new Error("busy"), { status: 429 })).reason).toBe("network");
    expect(classifySdkError(new Error("socket closed"))).toBeInstanceOf(ChatRequestError);
  });

  it("connects in the account's region when one is set, and to the SDK's default otherwise", async () => {
    await connected();
    expect(client().options).toBeUndefined();
    connection.close();
    connection = new TwilioConnection(
      { conversationSid: SID, identity: "guest", token: "token-1", region: "us1" },
      fakeSdk,
    );
    connection.connect();
    expect(client().options).toEqual({ region: "us1" });
  });

  it("reports who is in the conversation and who joins, and reads the latest messages afresh", async () => {
    await connected();
    expect(events.find((e) => e.type === "snapshot")).toMatchObject({ participants: ["guest", "agent"] });
    conversation.emit("participantJoined", { identity: "supervisor", lastReadMessageIndex: null });
    expect(events).toContainEqual({ type: "participantJoined", identity: "supervisor" });
    conversation.addMessage("agent", "written meanwhile");
    expect((await connection.latestMessages(50)).map((m) => m.body)).toEqual(["Hello?", "written meanwhile"]);
  });

  it("sends files through the SDK's media API and hands out their temporary URLs", async () => {
    await connected();
    const file = new File([new Uint8Array([1, 2, 3])], "label.pdf", { type: "application/pdf" });
    const progress: number[] = [];
    const sent = await connection.sendMessage("Here it is", { files: [file], onProgress: (f) => progress.push(f) });
    expect(sent.index).toBe(1);
    expect(conversation.built).toEqual([
      { body: "Here it is", attributes: {}, media: [{ contentType: "application/pdf", filename: "label.pdf" }] },
    ]);
    expect(progress.at(-1)).toBe(1);
    await tick();
    const added = events.findLast((e) => e.type === "messageAdded");
    expect(added?.type === "messageAdded" && added.message.media).toEqual([
      { sid: "ME1", filename: "label.pdf", contentType: "application/pdf", size: 3 },
    ]);
    expect(await connection.mediaUrl("ME1")).toBe("https://media.example/ME1");
    await expect(connection.mediaUrl("ME404")).rejects.toThrow(/not available/);
  });

  it("refuses to send before the conversation is ready, with a sentence", async () => {
    connection.connect();
    await expect(connection.sendMessage("too early")).rejects.toThrow(/Still connecting/);
  });

  it("pages older messages with the SDK paginator", async () => {
    for (let i = 1; i < 75; i++) conversation.addMessage(i % 2 ? "agent" : "guest", `m${i}`);
    await connected();
    const first = await connection.loadOlder(45, 30);
    expect(first.messages.map((m) => m.index)).toEqual(Array.from({ length: 30 }, (_, i) => 15 + i));
    expect(first.hasMore).toBe(true);
    const last = await connection.loadOlder(15, 30);
    expect(last.messages.map((m) => m.index)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(last.hasMore).toBe(false);
    expect(await connection.loadOlder(0)).toEqual({ messages: [], hasMore: false });
  });

  it("reports a conversation it may not open as denied", async () => {
    connection.connect();
    client().emit("initialized"); // the fake knows no conversation: getConversationBySid rejects
    await tick();
    expect(events.at(-1)).toEqual({ type: "connection", status: "denied" });
  });

  it("shuts the client down once on close, stays silent afterwards, and survives a double close", async () => {
    await connected();
    const fake = client();
    connection.close();
    connection.close();
    await tick();
    expect(fake.shutdownCalls).toBe(1);
    const before = events.length;
    conversation.emit("messageAdded", conversation.addMessage("agent", "after close"));
    fake.emit("tokenExpired");
    expect(events).toHaveLength(before);
  });

  it("builds no client until connect(), and one per connection under a StrictMode double effect", () => {
    expect(FakeClient.instances).toHaveLength(0);
    const first = new TwilioConnection({ conversationSid: SID, identity: "guest", token: "t" }, fakeSdk);
    first.connect();
    first.close();
    const second = new TwilioConnection({ conversationSid: SID, identity: "guest", token: "t" }, fakeSdk);
    second.connect();
    second.connect();
    expect(FakeClient.instances).toHaveLength(2);
    expect(FakeClient.instances[0]!.shutdownCalls).toBe(1);
    second.close();
  });
});
