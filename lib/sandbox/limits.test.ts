import { describe, expect, it } from "vitest";
import { handleLiveRequest } from "@/lib/sandbox/live";
import { handleMcsRequest } from "@/lib/sandbox/mcs-http";
import { ATTRIBUTES_MAX_BYTES } from "@/lib/flex-limits";
import {
  CONVERSATION_MESSAGE_RATE,
  IDENTITY_MESSAGE_RATE,
  LIVE_JSON_MAX_BYTES,
  MessageRate,
  MEDIA_MAX_UNATTACHED,
  MEDIA_UNATTACHED_TTL_MS,
  checkedAttributes,
} from "@/lib/sandbox/limits";
import { sandboxWithChat } from "@/lib/testing/sandbox-fixture";
import { mintAccessToken } from "@/lib/twilio/webchat";

// Every budget answers a bad input with a 4xx and a sentence — never a 500, never unbounded memory.

const given = sandboxWithChat("Hello?");

function live(action: string, init: RequestInit & { headers?: Record<string, string> }) {
  const token = mintAccessToken(given.fixture.ctx.settings, given.chat.identity, 600);
  const request = new Request(`http://app.test/api/sandbox/conversations/${given.chat.conversationSid}/${action}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return handleLiveRequest(given.fixture.sandbox, request, given.chat.conversationSid, action.split("?")[0]!);
}

const send = (payload: unknown) => live("messages", { method: "POST", body: JSON.stringify(payload) });
const bodies = () =>
  given.fixture.sandbox.store.listMessages(given.chat.conversationSid, "asc", 0, 100).map((m) => m.body);

/** A body that arrives in chunks with no Content-Length, like a chunked upload. */
function chunked(total: number, chunk = 64 * 1024) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}

describe("message budgets", () => {
  it("takes a message of the composer's 4,000 characters and refuses one more, with a sentence", async () => {
    expect((await send({ body: "a".repeat(4000) })).status).toBe(201);
    const over = await send({ body: "a".repeat(4001) });
    expect(over.status).toBe(400);
    expect((await over.json()).message).toBe("A message is at most 4,000 characters");
  });

  it("removes control characters from what is sent", async () => {
    expect((await send({ body: "nul\u0000 and\u001b[2J escape" })).status).toBe(201);
    expect(bodies().at(-1)).toBe("nul and[2J escape");
  });

  it("refuses a message's attributes over Twilio's 4 KB and nested deeper than ten levels", async () => {
    const big = await send({ body: "x", attributes: { blob: "b".repeat(ATTRIBUTES_MAX_BYTES.message) } });
    expect(big.status).toBe(400);
    expect((await big.json()).message).toMatch(/a message's attributes are at most 4 KB/);
    let nested: Record<string, unknown> = {};
    for (let i = 1; i < 10; i++) nested = { n: nested };
    expect((await send({ body: "ten levels", attributes: nested })).status).toBe(201);
    nested = { n: nested };
    const deep = await send({ body: "x", attributes: nested });
    expect(deep.status).toBe(400);
    expect((await deep.json()).message).toMatch(/nested deeper than 10 levels/);
    // 5,000 levels written by hand (JSON.stringify would not): still a 400, not a crash.
    const hostile = `{"body":"x","attributes":${'{"n":'.repeat(5000)}1${"}".repeat(5000)}}`;
    expect((await live("messages", { method: "POST", body: hostile })).status).toBe(400);
    expect(bodies()).toEqual(["Hello?", "ten levels"]);
  });

  it("stops reading a JSON body at its cap, whatever Content-Length says (or does not)", async () => {
    const response = await live("messages", { method: "POST", body: chunked(LIVE_JSON_MAX_BYTES * 4) });
    expect(response.status).toBe(413);
    expect((await response.json()).message).toMatch(/larger than 65,536 bytes/);
  });
});

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const uploadPng = (name = "dot.png") =>
  live("media", {
    method: "POST",
    headers: { "content-type": "image/png", "x-filename": name },
    body: new Uint8Array(PNG),
  });

describe("message rate", () => {
  it("lets a burst through, then one a second per identity in a conversation, and answers the rest 429 / 20429", () => {
    let now = 0;
    const rate = new MessageRate(undefined, () => now);
    for (let i = 0; i < IDENTITY_MESSAGE_RATE.burst; i++) rate.take("CH1", "visitor");
    let refusal: unknown;
    try {
      rate.take("CH1", "visitor");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ status: 429, code: 20429, retryAfterSeconds: 1 });
    // Another identity in the conversation, and the same one in another (an agent's other chat), have their own.
    expect(() => rate.take("CH1", "agent")).not.toThrow();
    expect(() => rate.take("CH2", "visitor")).not.toThrow();
    now += 1000;
    expect(() => rate.take("CH1", "visitor")).not.toThrow();
    expect(() => rate.take("CH1", "visitor")).toThrow(/Too many messages/);
  });

  it("holds a conversation to Twilio's 30 a second, whoever writes, the server included", () => {
    let now = 0;
    const rate = new MessageRate(undefined, () => now);
    for (let i = 0; i < CONVERSATION_MESSAGE_RATE.burst; i++) rate.take("CH1", i % 2 ? null : `agent-${i}`);
    expect(() => rate.take("CH1", null)).toThrow(expect.objectContaining({ status: 429 }));
    now += 100;
    for (let i = 0; i < 3; i++) rate.take("CH1", null);
    expect(() => rate.take("CH1", null)).toThrow(expect.objectContaining({ code: 20429 }));
  });

  it("stores no more than the budget of a flood on the live API, and says when to retry", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const response = await send({ body: `flood ${i}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get("retry-after");
    }
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(IDENTITY_MESSAGE_RATE.burst + 1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(60 - IDENTITY_MESSAGE_RATE.burst - 1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(bodies().filter((b) => b?.startsWith("flood")).length).toBe(statuses.filter((s) => s === 201).length);
  });
});

describe("media service requests", () => {
  it("answers a MediaSet body that is JSON but not an object (null, a number, an array) with a 400", async () => {
    const { settings } = given.fixture.ctx;
    const token = mintAccessToken(settings, given.chat.identity, 600);
    for (const body of ["null", "5", "[]", '"get"']) {
      const response = await handleMcsRequest(
        given.fixture.sandbox,
        new Request("http://app.test/api/sandbox/mcs/v1/MediaSet", {
          method: "POST",
          headers: { "x-twilio-token": token, "content-type": "application/json" },
          body,
        }),
        ["v1", "Services", settings.conversationsServiceSid, "MediaSet"],
      );
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/Expected/);
    }
  });
});

describe("upload budgets", () => {
  it("answers a malformed file name with a 400 and a sentence", async () => {
    const response = await uploadPng("%E0%A4%A");
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/file name is not valid/);
  });

  it("holds at most twenty unsent uploads at once, and removes the ones no message took within an hour", async () => {
    for (let i = 0; i < MEDIA_MAX_UNATTACHED; i++) expect((await uploadPng()).status).toBe(201);
    const refused = await uploadPng();
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toBe("Too many files are waiting to be sent. Send or remove some first.");
    const store = given.fixture.sandbox.store;
    expect(store.removeUnattachedMedia(MEDIA_UNATTACHED_TTL_MS)).toBe(0);
    expect(store.removeUnattachedMedia(MEDIA_UNATTACHED_TTL_MS, Date.now() + MEDIA_UNATTACHED_TTL_MS + 2000)).toBe(
      MEDIA_MAX_UNATTACHED,
    );
    expect((await uploadPng()).status).toBe(201);
  });

  it("refuses a chunked upload without Content-Length once it passes the limit", async () => {
    const limit = given.fixture.sandbox.attachments.maxBytes;
    const response = await live("media", {
      method: "POST",
      headers: { "content-type": "image/png", "x-filename": "big.png" },
      body: chunked(limit + 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).message).toBe("The file is larger than the 16 MB limit.");
  });
});

describe("checkedAttributes", () => {
  it("passes what Twilio would accept, unchanged", () => {
    const json = JSON.stringify({ clientMessageId: "c-1", nested: { a: [1, { b: 2 }] } });
    expect(checkedAttributes(json, "message")).toBe(json);
    expect(() => checkedAttributes("not json", "message")).toThrow(/expected a JSON string/);
  });

  it("holds each resource to its own limit (Conversations Limits): 16 KB for a conversation, 4 KB for a participant", () => {
    const sized = (bytes: number) => JSON.stringify({ blob: "b".repeat(bytes - 11) });
    expect(Buffer.byteLength(sized(8 * 1024))).toBe(8 * 1024);
    expect(checkedAttributes(sized(8 * 1024), "conversation")).toBeTruthy();
    expect(() => checkedAttributes(sized(8 * 1024), "participant")).toThrow(
      /a participant's attributes are at most 4 KB/,
    );
    expect(() => checkedAttributes(sized(16 * 1024 + 1), "conversation")).toThrow(/at most 16 KB/);
  });
});

/** The events' names of a stream, until `count` arrived or it ended. */
async function streamEvents(response: Response, count: number) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const names: string[] = [];
  let ended = false;
  while (names.length < count) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    text += decoder.decode(value, { stream: true });
    for (const match of text.matchAll(/^event: (\w+)$/gm)) names.push(match[1]!);
    text = text.slice(text.lastIndexOf("\n\n") + 2);
  }
  if (!ended) await reader.cancel();
  return { names, ended };
}

describe("live stream budgets", () => {
  it("keeps at most four streams per identity: a fifth closes the oldest", async () => {
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await live("events", { method: "GET" }));
    const oldest = await streamEvents(streams[0]!, 2);
    expect(oldest).toEqual({ names: ["snapshot"], ended: true });
    const newest = await streamEvents(streams[4]!, 1);
    expect(newest).toEqual({ names: ["snapshot"], ended: false });
    for (const response of streams.slice(1, 4)) await response.body!.cancel();
  });

  it("replays a short gap event by event, and a long one as a snapshot", async () => {
    const from = given.fixture.sandbox.store.lastEventId(given.chat.conversationSid);
    for (let i = 0; i < 3; i++) given.fixture.sandbox.typing(given.chat.conversationSid, given.chat.identity);
    given.fixture.sandbox.postMessage(
      given.chat.conversationSid,
      { author: given.chat.identity, body: "one" },
      { webhooks: false },
    );
    const short = await streamEvents(
      await live("events", { method: "GET", headers: { "last-event-id": String(from) } }),
      1,
    );
    expect(short.names).toEqual(["messageAdded"]);
    for (let i = 0; i < 250; i++)
      given.fixture.sandbox.postMessage(
        given.chat.conversationSid,
        { author: given.chat.identity, body: `m${i}` },
        { webhooks: false },
      );
    const long = await streamEvents(
      await live("events", { method: "GET", headers: { "last-event-id": String(from) } }),
      1,
    );
    expect(long.names).toEqual(["snapshot"]);
  });
});

describe("a closed conversation", () => {
  it("can still be read with the visitor's token, but not written to", async () => {
    given.fixture.sandbox.setConversationState(given.chat.conversationSid, "closed", {}, { webhooks: false });
    for (const [action, body] of [
      ["typing", undefined],
      ["read", JSON.stringify({ index: 0 })],
      ["messages", JSON.stringify({ body: "late" })],
    ] as const) {
      const response = await live(action, { method: "POST", ...(body ? { body } : {}) });
      expect(response.status, action).toBe(409);
      expect((await response.json()).code).toBe(50377);
    }
    const upload = await live("media", {
      method: "POST",
      headers: { "content-type": "image/png", "x-filename": "a.png" },
      body: new Uint8Array([1]),
    });
    expect(upload.status).toBe(409);
    const history = await live("messages?before=10&limit=10", { method: "GET" });
    expect(history.status).toBe(200);
  });
});
