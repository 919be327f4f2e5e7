import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { TwilsockEndpoint } from "@/lib/sandbox/twilsock/endpoint";
import { decodeFrame, encodeFrame, FrameError, type Frame } from "@/lib/sandbox/twilsock/frame";
import { IDENTITY_MESSAGE_RATE } from "@/lib/sandbox/limits";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { mintAccessToken, startWebChat } from "@/lib/twilio/webchat";

// The endpoint against a client that is not the SDK: frames built by hand, as a hostile client would send them.

let fixture: ReturnType<typeof createSandboxFixture>;
let endpoint: TwilsockEndpoint;
let wss: WebSocketServer;
const open: WebSocket[] = [];

beforeEach(async () => {
  fixture = createSandboxFixture();
  endpoint = new TwilsockEndpoint(fixture.sandbox, { initTimeoutMs: 400 });
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.on("listening", () => resolve()));
  wss.on("connection", (ws) => endpoint.accept(ws, "http://127.0.0.1:1/api/sandbox/mcs"));
});

afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  endpoint.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  fixture.close();
});

/** A raw client: sends frames, collects what comes back, and whether (and how) the socket closed. */
async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  open.push(ws);
  const received: Frame[] = [];
  let closed: number | null = null;
  ws.on("message", (data: Buffer) => received.push(decodeFrame(data)));
  ws.on("close", (code) => (closed = code));
  await new Promise<void>((resolve) => ws.on("open", () => resolve()));
  let n = 0;
  const send = (header: Record<string, unknown>, payload?: unknown) => {
    const id = `TM${++n}`;
    ws.send(encodeFrame({ method: "message", id, ...header }, payload));
    return id;
  };
  const replyTo = async (id: string) => {
    await expect.poll(() => received.some((f) => f.header.method === "reply" && f.header.id === id)).toBe(true);
    return received.find((f) => f.header.method === "reply" && f.header.id === id)!;
  };
  const request = async (host: string, path: string, method = "GET", body?: unknown) => {
    const id = send(
      {
        method: "message",
        http_request: { host, path, method, params: {}, headers: {} },
        payload_type: "application/json",
      },
      body,
    );
    return replyTo(id);
  };
  return { ws, received, send, replyTo, request, closed: () => closed };
}

async function guest(name = "Ana") {
  const chat = await startWebChat(fixture.ctx, { name, question: "Hi" });
  return { ...chat, token: mintAccessToken(fixture.ctx.settings, chat.identity, 600) };
}

describe("the twilsock frame", () => {
  it("round-trips a header and a JSON payload, byte lengths in UTF-8", () => {
    const frame = decodeFrame(encodeFrame({ method: "notification", id: "TM1" }, { text: "¿Qué tal? 👋" }));
    expect(frame).toEqual({
      header: { method: "notification", id: "TM1", payload_size: expect.any(Number) },
      payload: { text: "¿Qué tal? 👋" },
    });
  });

  it("refuses what is not one: no magic, a lying size, a header that is not JSON", () => {
    expect(() => decodeFrame(Buffer.from("HELLO\r\n{}\r\n"))).toThrow(FrameError);
    const good = encodeFrame({ method: "x" }, { a: 1 });
    expect(() => decodeFrame(good.subarray(0, good.length - 3))).toThrow(/payload shorter/);
    expect(() => decodeFrame(Buffer.from("TWILSOCK V3.0 5\r\nnope!\r\n"))).toThrow(/not JSON/);
  });
});

describe("a session", () => {
  it("answers init with the token's identity, and refuses a bad or expired token with Twilio's codes", async () => {
    const ana = await guest();
    const ok = await client();
    const id = ok.send({ method: "init", token: ana.token });
    expect((await ok.replyTo(id)).header.status).toEqual({ code: 200, status: "OK" });

    const forged = await client();
    const bad = forged.send({
      method: "init",
      token: mintAccessToken({ ...fixture.ctx.settings, apiKeySecret: "y".repeat(32) }, ana.identity, 600),
    });
    expect((await forged.replyTo(bad)).header.status).toMatchObject({ code: 401, errorCode: 20101 });
    await expect.poll(() => forged.closed()).toBe(1008);

    const expired = await client();
    const old = expired.send({ method: "init", token: mintAccessToken(fixture.ctx.settings, ana.identity, -10) });
    expect((await expired.replyTo(old)).header.status).toMatchObject({ code: 401, errorCode: 20104 });
  });

  it("takes no request before init", async () => {
    const c = await client();
    const reply = await c.request("aim.us1.twilio.com", "/Client/v2/Configuration");
    expect(reply.header.status).toMatchObject({ code: 401 });
  });

  it("closes on a frame it cannot parse (406, as Twilio) and on a flood of frames", async () => {
    const garbled = await client();
    garbled.ws.send(Buffer.from("GET / HTTP/1.1\r\n\r\n"));
    await expect
      .poll(() => garbled.received.find((f) => f.header.method === "close")?.header.status)
      .toMatchObject({ code: 406 });
    await expect.poll(() => garbled.closed()).toBe(1002);

    const flood = await client();
    for (let i = 0; i < 80; i++) flood.ws.send(encodeFrame({ method: "telemetry.v1", id: `T${i}` }));
    await expect.poll(() => flood.closed()).toBe(1008);
  });

  it("shows a visitor only their own conversation: another's objects are 403, its subscription fails", async () => {
    const ana = await guest("Ana");
    const bo = await guest("Bo");
    const c = await client();
    await c.replyTo(c.send({ method: "init", token: ana.token }));
    await c.request("aim.us1.twilio.com", "/Client/v2/Configuration");
    const own = await c.request("cds.us1.twilio.com", `/v3/Documents/${ana.conversationSid}.channel`);
    expect(own.header.http_status).toMatchObject({ code: 200 });
    for (const path of [
      `/v3/Documents/${bo.conversationSid}.channel`,
      `/v3/Lists/${bo.conversationSid}.messages`,
      `/v3/Maps/${bo.conversationSid}.roster`,
    ]) {
      expect((await c.request("cds.us1.twilio.com", path)).header.http_status, path).toMatchObject({ code: 403 });
    }
    const isid = fixture.sandbox.credentials.conversationsServiceSid;
    const send = await c.request(
      "aim.us1.twilio.com",
      `/Client/v2/Services/${isid}/Conversations/${bo.conversationSid}/Messages`,
      "POST",
      { body: "not mine" },
    );
    expect(send.header.http_status).toMatchObject({ code: 403 });
    expect(fixture.sandbox.store.listMessages(bo.conversationSid, "asc", 0, 10).map((m) => m.body)).toEqual(["Hi"]);

    await c.request("cds.us1.twilio.com", "/v4/Subscriptions", "POST", {
      action: "establish",
      correlation_id: 7,
      requests: [{ object_sid: `ES${bo.conversationSid.slice(2)}`, object_type: "list" }],
    });
    await expect
      .poll(() =>
        c.received
          .map((f) => f.payload as { event_type?: string })
          .find((p) => p?.event_type === "subscription_failed"),
      )
      .toMatchObject({ event: { error: { status: 403 } } });
  });

  it("sends a retried message once: the same mutation id is answered with the first message's address", async () => {
    const ana = await guest();
    const c = await client();
    await c.replyTo(c.send({ method: "init", token: ana.token }));
    const isid = fixture.sandbox.credentials.conversationsServiceSid;
    const post = () =>
      c.replyTo(
        c.send(
          {
            http_request: {
              host: "aim.us1.twilio.com",
              path: `/Client/v2/Services/${isid}/Conversations/${ana.conversationSid}/Messages`,
              method: "POST",
              params: {},
              headers: { "X-Twilio-Mutation-Id": "m-1" },
            },
            payload_type: "application/json",
          },
          { body: "Only once" },
        ),
      );
    const first = await post();
    const again = await post();
    expect(first.header.http_status).toMatchObject({ code: 201 });
    expect(again.header.http_status).toMatchObject({ code: 202 });
    expect((again.payload as { resource_url: string }).resource_url).toContain((first.payload as { sid: string }).sid);
    expect(
      fixture.sandbox.store.listMessages(ana.conversationSid, "asc", 0, 10).filter((m) => m.body === "Only once"),
    ).toHaveLength(1);
  });

  it("keeps at most four sockets per identity: a fifth closes the oldest", async () => {
    const ana = await guest();
    const clients: Awaited<ReturnType<typeof client>>[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await client();
      await c.replyTo(c.send({ method: "init", token: ana.token }));
      clients.push(c);
    }
    await expect.poll(() => clients[0]!.closed()).toBe(1008);
    expect(clients.slice(1).map((c) => c.closed())).toEqual([null, null, null, null]);
  });

  it("drops a socket that never sends init, and keeps one that did", async () => {
    const ana = await guest();
    const silent = await client();
    const talking = await client();
    await talking.replyTo(talking.send({ method: "init", token: ana.token }));
    await expect.poll(() => silent.closed(), { timeout: 3000 }).toBe(1006);
    expect(talking.closed()).toBeNull();
  });

  it("holds a message flood from one identity's four sockets to its budget, answering the rest 429 / 20429", async () => {
    const ana = await guest();
    const isid = fixture.sandbox.credentials.conversationsServiceSid;
    const sockets = await Promise.all([0, 1, 2, 3].map(() => client()));
    for (const c of sockets) await c.replyTo(c.send({ method: "init", token: ana.token }));
    const path = `/Client/v2/Services/${isid}/Conversations/${ana.conversationSid}/Messages`;
    const replies = await Promise.all(
      sockets.flatMap((c, n) =>
        Array.from({ length: 12 }, (_, i) =>
          c.request("aim.us1.twilio.com", path, "POST", { body: `flood ${n}.${i}` }),
        ),
      ),
    );
    const codes = replies.map((r) => (r.header.http_status as { code: number }).code);
    expect(codes.filter((code) => code === 201)).toHaveLength(IDENTITY_MESSAGE_RATE.burst);
    expect(codes.filter((code) => code === 429)).toHaveLength(48 - IDENTITY_MESSAGE_RATE.burst);
    expect(replies.find((r) => (r.header.http_status as { code: number }).code === 429)?.payload).toMatchObject({
      status: 429,
      code: 20429,
    });
    const stored = fixture.sandbox.store.listMessages(ana.conversationSid, "asc", 0, 100);
    expect(stored.filter((m) => m.body?.startsWith("flood"))).toHaveLength(IDENTITY_MESSAGE_RATE.burst);
  });

  it("refuses typing and a read horizon on a closed conversation, as it refuses a message (409 / 50377)", async () => {
    const ana = await guest();
    const c = await client();
    await c.replyTo(c.send({ method: "init", token: ana.token }));
    fixture.sandbox.setConversationState(ana.conversationSid, "closed", {}, { webhooks: false });
    const isid = fixture.sandbox.credentials.conversationsServiceSid;
    // As the SDK sends it: a form body.
    const typing = await c.replyTo(
      c.send(
        {
          http_request: {
            host: "aim.us1.twilio.com",
            path: `/Client/v1/Services/${isid}/Typing`,
            method: "POST",
            params: {},
            headers: {},
          },
          payload_type: "application/x-www-form-urlencoded",
        },
        `ChannelSid=${ana.conversationSid}`,
      ),
    );
    const read = await c.request(
      "aim.us1.twilio.com",
      `/Client/v2/Services/${isid}/Me/Conversations/${ana.conversationSid}`,
      "POST",
      { last_read_message_index: 0 },
    );
    for (const reply of [typing, read]) {
      expect(reply.header.http_status).toMatchObject({ code: 409 });
      expect(reply.payload).toMatchObject({ code: 50377 });
    }
  });

  it("indexes only the identities connected now: a closed socket's identity leaves the index", async () => {
    const ana = await guest("Ana");
    const bo = await guest("Bo");
    const a = await client();
    const b = await client();
    await a.replyTo(a.send({ method: "init", token: ana.token }));
    await b.replyTo(b.send({ method: "init", token: bo.token }));
    expect(endpoint.connectedIdentities).toBe(2);
    const config = await b.request("aim.us1.twilio.com", "/Client/v2/Configuration");
    const map = (config.payload as { sync_objects: { my_conversations: string } }).sync_objects.my_conversations;
    expect((await b.request("cds.us1.twilio.com", `/v3/Maps/${map}`)).header.http_status).toMatchObject({
      code: 200,
    });
    a.ws.close();
    await expect.poll(() => endpoint.connectedIdentities).toBe(1);
    // Still resolved for the identity that is connected.
    expect((await b.request("cds.us1.twilio.com", `/v3/Maps/${map}`)).header.http_status).toMatchObject({
      code: 200,
    });
  });
});
