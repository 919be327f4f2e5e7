import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { TwilioConnection, type ConversationsSdk } from "@/lib/chat/twilio-connection";
import type { ChatEvent } from "@/lib/chat/types";
import { handleMcsRequest } from "@/lib/sandbox/mcs-http";
import { verifyMediaSignature } from "@/lib/sandbox/media";
import { TwilsockEndpoint } from "@/lib/sandbox/twilsock/endpoint";
import { decodeFrame } from "@/lib/sandbox/twilsock/frame";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { mintAccessToken, startWebChat } from "@/lib/twilio/webchat";

// The adapter every Twilio-mode visitor runs (lib/chat/twilio-connection.ts) with the unmodified SDK from npm (its
// Node build), against the sandbox's twilsock endpoint over a real websocket and its Media Content Service over real
// HTTP. Nothing is faked: what passes here is what the SDK does against this protocol.

const sdk = (await import("@twilio/conversations")) as unknown as ConversationsSdk;

type Recorded = { dir: "in" | "out"; method: string; what: string };

let fixture: ReturnType<typeof createSandboxFixture>;
let endpoint: TwilsockEndpoint;
let wss: WebSocketServer;
let http: Server;
let sockets: WebSocket[];
let frames: Recorded[];
let base: string;
let connections: TwilioConnection[];

/** SIDs and ids out, so a recording compares across runs. */
const normalize = (text: string) =>
  text
    .replace(/\b(CH|IS|IM|MB|ME|ET|ES|MP)[0-9a-f]{32}\b/g, "$1…")
    .replace(/[0-9a-f]{32}\.(conversations|userinfo)/g, "…$1")
    .replace(/guest_[0-9a-f-]{36}/g, "guest_…");

beforeEach(async () => {
  fixture = createSandboxFixture();
  endpoint = new TwilsockEndpoint(fixture.sandbox);
  sockets = [];
  frames = [];
  connections = [];
  // The Media Content Service over real HTTP, as the SDK's media client reaches it.
  http = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", async () => {
      const url = new URL(request.url ?? "/", base);
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.concat(chunks);
      const answer = await handleMcsRequest(
        fixture.sandbox,
        new Request(url, { method: request.method, headers: request.headers as Record<string, string>, body }),
        url.pathname.split("/").filter(Boolean).slice(3),
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.on("listening", () => resolve()));
  wss.on("connection", (ws) => {
    sockets.push(ws);
    ws.on("message", (data: Buffer) => {
      const { header } = decodeFrame(data);
      const http = header.http_request as
        { method?: string; host?: string; path?: string; params?: Record<string, string> } | undefined;
      const query = Object.entries(http?.params ?? {})
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join("&");
      if (header.method === "message") {
        frames.push({
          dir: "in",
          method: "message",
          what: normalize(`${http?.method} ${http?.host}${http?.path}${query ? `?${query}` : ""}`),
        });
      } else if (header.method !== "reply" && header.method !== "telemetry.v1")
        frames.push({ dir: "in", method: header.method, what: "" });
    });
    endpoint.accept(ws, `${base}/api/sandbox/mcs`);
  });
});

afterEach(async () => {
  for (const c of connections) c.close();
  endpoint.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
  fixture.close();
});

const wsUrl = () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/sandbox/twilsock`;

async function visitor(question = "Where is my order?", ttl = 600) {
  const chat = await startWebChat(fixture.ctx, { name: "Ana", question });
  const events: ChatEvent[] = [];
  const connection = new TwilioConnection(
    {
      conversationSid: chat.conversationSid,
      identity: chat.identity,
      token: mintAccessToken(fixture.ctx.settings, chat.identity, ttl),
      twilsock: wsUrl(),
    },
    sdk,
  );
  connections.push(connection);
  connection.subscribe((event) => events.push(event));
  connection.connect();
  return { chat, connection, events };
}

const eventually = (check: () => void, timeout = 5_000) =>
  expect
    .poll(
      () => {
        try {
          check();
          return true;
        } catch {
          return false;
        }
      },
      { timeout, interval: 20 },
    )
    .toBe(true);

const bodies = (events: ChatEvent[]) => events.flatMap((e) => (e.type === "messageAdded" ? [e.message.body] : []));

describe("the real SDK through the adapter, against the sandbox", () => {
  it("connects, starts from a snapshot, and hears the agent live: messages, typing, read receipts, the close", async () => {
    const { chat, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    const snapshot = events.find((e) => e.type === "snapshot");
    expect(snapshot?.type === "snapshot" && snapshot.messages.map((m) => m.body)).toEqual(["Where is my order?"]);
    expect(snapshot).toMatchObject({ state: "active" });
    expect(events).toContainEqual({ type: "connection", status: "connected" });

    const agent = fixture.sandbox.addParticipant(chat.conversationSid, "agent-ana");
    await eventually(() => expect(events).toContainEqual({ type: "participantJoined", identity: "agent-ana" }));
    fixture.sandbox.typing(chat.conversationSid, "agent-ana");
    await eventually(() => expect(events).toContainEqual({ type: "typing", identity: "agent-ana" }));
    fixture.sandbox.postMessage(
      chat.conversationSid,
      { author: "agent-ana", body: "It ships today." },
      { webhooks: false },
    );
    await eventually(() => expect(bodies(events)).toEqual(["It ships today."]));
    fixture.sandbox.advanceReadHorizon(chat.conversationSid, "agent-ana", 1);
    await eventually(() => expect(events).toContainEqual({ type: "readHorizon", identity: "agent-ana", index: 1 }));
    fixture.sandbox.removeParticipant(chat.conversationSid, agent.sid);
    await eventually(() => expect(events).toContainEqual({ type: "participantLeft", identity: "agent-ana" }));
    fixture.sandbox.setConversationState(chat.conversationSid, "closed", {}, { webhooks: false });
    await eventually(() => expect(events).toContainEqual({ type: "stateChanged", state: "closed" }));
  });

  it("sends text with attributes, typing and the read horizon through the SDK, into the sandbox's store", async () => {
    const { chat, connection, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    fixture.sandbox.addParticipant(chat.conversationSid, "agent-ana");
    const sent = await connection.sendMessage("The number is 4521.", { attributes: { clientId: "c-1" } });
    expect(sent.index).toBe(1);
    const row = fixture.sandbox.store.getMessage(chat.conversationSid, "1")!;
    expect(row).toMatchObject({ author: chat.identity, body: "The number is 4521." });
    expect(JSON.parse(row.attributes)).toEqual({ clientId: "c-1" });
    await eventually(() => expect(bodies(events)).toContain("The number is 4521."));

    const typed: string[] = [];
    fixture.sandbox.subscribe(
      chat.conversationSid,
      (e) => e.type === "typing" && typed.push((e.data as { identity: string }).identity),
    );
    connection.typing();
    await eventually(() => expect(typed).toEqual([chat.identity]));
    await connection.setReadHorizon(1);
    expect(fixture.sandbox.store.findParticipant(chat.conversationSid, chat.identity)?.last_read_message_index).toBe(1);
  });

  it("fires the conversation's webhooks for an SDK-sent message, as for any client's (signed, onMessageAdded)", async () => {
    const hits: Record<string, string>[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (c: Buffer) => (body += c.toString("utf8")));
      request.on("end", () => {
        hits.push(Object.fromEntries(new URLSearchParams(body)));
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { chat, connection, events } = await visitor();
      await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      fixture.sandbox.flex.data.addWebhook(chat.conversationSid, "webhook", {
        url,
        method: "POST",
        filters: ["onMessageAdded"],
      });
      await connection.sendMessage("Hooked");
      await eventually(() =>
        expect(hits.map((h) => [h.EventType, h.Author, h.Body])).toEqual([["onMessageAdded", chat.identity, "Hooked"]]),
      );
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("pages backwards through a long history, as the log scrolls up", async () => {
    const { chat, connection, events } = await visitor("first");
    for (let i = 1; i <= 119; i++)
      fixture.sandbox.postMessage(chat.conversationSid, { author: "system", body: `m${i}` }, { webhooks: false });
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    const snapshot = events.find((e) => e.type === "snapshot");
    const shown = snapshot?.type === "snapshot" ? snapshot.messages.map((m) => m.index) : [];
    expect(shown[0]).toBe(70);
    expect(shown.at(-1)).toBe(119);
    const older = await connection.loadOlder(70, 30);
    expect(older.messages.map((m) => m.index)).toEqual(Array.from({ length: 30 }, (_, i) => 40 + i));
    expect(older.hasMore).toBe(true);
    const oldest = await connection.loadOlder(10, 30);
    expect(oldest.messages.map((m) => m.body)).toEqual(["first", ...Array.from({ length: 9 }, (_, i) => `m${i + 1}`)]);
    expect(oldest.hasMore).toBe(false);
  });

  it("gets a working temporary URL, from the Media Content Service, for a file the agent sent", async () => {
    const { chat, connection, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    fixture.sandbox.addParticipant(chat.conversationSid, "agent-ana");
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
      "base64",
    );
    const uploaded = fixture.sandbox.store.addMedia({
      conversationSid: chat.conversationSid,
      author: "agent-ana",
      filename: "dot.png",
      contentType: "image/png",
      data: png,
    });
    fixture.sandbox.postMessage(
      chat.conversationSid,
      { author: "agent-ana", mediaSids: [uploaded.sid] },
      { webhooks: false },
    );
    await eventually(() =>
      expect(events.some((e) => e.type === "messageAdded" && e.message.media.length === 1)).toBe(true),
    );
    const added = events.find((e) => e.type === "messageAdded" && e.message.media.length === 1);
    const media = added?.type === "messageAdded" ? added.message.media[0]! : null;
    expect(media).toEqual({ sid: uploaded.sid, filename: "dot.png", contentType: "image/png", size: png.length });
    const url = new URL(await connection.mediaUrl(media!.sid));
    expect(url.origin).toBe(base);
    expect(url.pathname).toBe(`/api/sandbox/media/${uploaded.sid}`);
    expect(
      verifyMediaSignature(
        uploaded.sid,
        url.searchParams.get("exp"),
        url.searchParams.get("sig"),
        fixture.sandbox.credentials.apiKeySecret,
      ),
    ).toBe(true);
  });

  it("is denied with a forged token, says the token expired when it runs out, and a send across the renewal is retryable and goes out once", async () => {
    const chat = await startWebChat(fixture.ctx, { name: "Ana", question: "Hi" });
    const forged = new TwilioConnection(
      {
        conversationSid: chat.conversationSid,
        identity: chat.identity,
        token: mintAccessToken({ ...fixture.ctx.settings, apiKeySecret: "x".repeat(32) }, chat.identity, 600),
        twilsock: wsUrl(),
      },
      sdk,
    );
    connections.push(forged);
    const denied: ChatEvent[] = [];
    forged.subscribe((e) => denied.push(e));
    forged.connect();
    await eventually(() => expect(denied).toContainEqual({ type: "connection", status: "denied" }));

    const { connection, events } = await visitor("Short token", 3);
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    // A 3-second token: about to expire at once (Twilio warns minutes ahead), expired at its `exp`.
    await eventually(() => expect(events).toContainEqual({ type: "tokenAboutToExpire" }));
    await eventually(() => expect(events).toContainEqual({ type: "tokenExpired" }), 8_000);
    const identity = (connection as unknown as { options: { identity: string } }).options.identity;
    // A send made while the token is expired is refused as a network failure — retryable: the outbox keeps it and
    // sends it again once connected — and nothing half-sent is left behind.
    await expect(connection.sendMessage("Sent across the renewal")).rejects.toMatchObject({ reason: "network" });
    await connection.updateToken(mintAccessToken(fixture.ctx.settings, identity, 600));
    await eventually(
      () =>
        expect(events.filter((e) => e.type === "connection").at(-1)).toEqual({
          type: "connection",
          status: "connected",
        }),
      8_000,
    );
    await expect(connection.sendMessage("Sent across the renewal")).resolves.toMatchObject({
      body: "Sent across the renewal",
    });
    await expect(connection.sendMessage("Back with a new token")).resolves.toMatchObject({
      body: "Back with a new token",
    });
    const conversationSid = (connection as unknown as { options: { conversationSid: string } }).options.conversationSid;
    const sent = fixture.sandbox.store.listMessages(conversationSid, "asc", 0, 10).map((m) => m.body);
    expect(sent).toEqual(["Short token", "Sent across the renewal", "Back with a new token"]);
  }, 25_000);

  it("after a dropped socket, reconnects and replays what it missed, once each", async () => {
    const { chat, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    // Let the subscriptions settle, then drop the socket and post while the client is away.
    await eventually(() => expect(frames.some((f) => f.what.includes("/v4/Subscriptions"))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const socket of sockets) socket.terminate();
    for (const text of ["missed one", "missed two"]) {
      fixture.sandbox.postMessage(chat.conversationSid, { author: "system", body: text }, { webhooks: false });
    }
    await eventually(() => expect(bodies(events)).toEqual(["missed one", "missed two"]), 15_000);
    fixture.sandbox.postMessage(chat.conversationSid, { author: "system", body: "after" }, { webhooks: false });
    await eventually(() => expect(bodies(events)).toEqual(["missed one", "missed two", "after"]));
  }, 20_000);

  it("back from far behind, replays hundreds of missed messages, in order, once each", async () => {
    const { chat, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    await eventually(() => expect(frames.some((f) => f.what.includes("/v4/Subscriptions"))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const socket of sockets) socket.terminate();
    for (let i = 0; i < 250; i++)
      fixture.sandbox.postMessage(chat.conversationSid, { author: "system", body: `missed ${i}` }, { webhooks: false });
    await eventually(
      () => expect(bodies(events)).toEqual(Array.from({ length: 250 }, (_, i) => `missed ${i}`)),
      15_000,
    );
  }, 20_000);

  it("makes the same requests, in the same order, for the journey (re-record deliberately after an SDK upgrade)", async () => {
    const { chat, connection, events } = await visitor();
    await eventually(() => expect(events.some((e) => e.type === "snapshot")).toBe(true));
    await eventually(() => expect(frames.some((f) => f.what.includes("/v4/Subscriptions"))).toBe(true));
    await connection.sendMessage("Hello");
    connection.typing();
    await connection.setReadHorizon(1);
    await connection.loadOlder(1, 30);
    fixture.sandbox.setConversationState(chat.conversationSid, "closed", {}, { webhooks: false });
    await eventually(() => expect(events).toContainEqual({ type: "stateChanged", state: "closed" }));
    connection.close();
    await eventually(() => expect(frames.at(-1)?.method).toBe("close"));
    // Set-valued: the SDK's Sync reads start in parallel, so their order varies from run to run; the calls do not.
    const calls = [...new Set(frames.map((f) => `${f.dir} ${f.method} ${f.what}`.trim()))].sort();
    await expect(JSON.stringify(calls, null, 2) + "\n").toMatchFileSnapshot("./__recordings__/sdk-3.0.1-journey.json");
  });
});
