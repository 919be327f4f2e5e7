import jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import { sandboxWithChat } from "@/lib/testing/sandbox-fixture";
import { handleLiveRequest } from "@/lib/sandbox/live";
import { LIVE_STREAM_BACKLOG_MAX_BYTES } from "@/lib/sandbox/limits";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/types";
import { mintAccessToken } from "@/lib/twilio/webchat";

const given = sandboxWithChat("Hello?");

function live(action: string, token: string, init: RequestInit = {}) {
  const request = new Request(`http://app.test/api/sandbox/conversations/${given.chat.conversationSid}/${action}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  return handleLiveRequest(given.fixture.sandbox, request, given.chat.conversationSid, action.split("?")[0]!);
}

/** Reads SSE frames until `count` events arrived, then cancels the stream. */
async function readEvents(response: Response, count: number) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const events: { id?: string; event: string; data: unknown }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.startsWith(":")) continue;
      const fields = Object.fromEntries(
        block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
      );
      events.push({ id: fields.id, event: fields.event!, data: JSON.parse(fields.data!) });
    }
  }
  await reader.cancel();
  return events;
}

const token = () => mintAccessToken(given.fixture.ctx.settings, given.chat.identity, 600);

describe("the sandbox live stream checks tokens as Twilio would", () => {
  it("accepts the minted token and starts with a snapshot of the conversation", async () => {
    const response = await live("events", token());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const [snapshot] = await readEvents(response, 1);
    expect(snapshot?.event).toBe("snapshot");
    expect((snapshot?.data as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual(["Hello?"]);
  });

  it("refuses a token signed with another secret (20101)", async () => {
    const { settings } = given.fixture.ctx;
    const forged = mintAccessToken({ ...settings, apiKeySecret: "x".repeat(32) }, given.chat.identity, 600);
    const response = await live("events", forged);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20101 });
  });

  it("refuses an expired token (20104)", async () => {
    const { settings } = given.fixture.ctx;
    const expired = jwt.sign(
      { grants: { identity: given.chat.identity, chat: { service_sid: settings.conversationsServiceSid } } },
      settings.apiKeySecret,
      { issuer: settings.apiKeySid, subject: settings.accountSid, expiresIn: -10 },
    );
    const response = await live("events", expired);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20104 });
  });

  it("refuses a valid token whose identity is not a participant (403)", async () => {
    const stranger = mintAccessToken(given.fixture.ctx.settings, "someone-else", 600);
    expect((await live("events", stranger)).status).toBe(403);
    expect((await live("messages", stranger, { method: "POST", body: JSON.stringify({ body: "hi" }) })).status).toBe(
      403,
    );
  });

  it("refuses a request with no token", async () => {
    const request = new Request(`http://app.test/api/sandbox/conversations/${given.chat.conversationSid}/events`);
    expect((await handleLiveRequest(given.fixture.sandbox, request, given.chat.conversationSid, "events")).status).toBe(
      401,
    );
  });
});

describe("the sandbox live stream delivers and resumes without loss", () => {
  it("pushes messages, typing and read horizons live, and replays after Last-Event-ID", async () => {
    const response = await live("events", token());
    const pending = readEvents(response, 4);
    const sent = await live("messages", token(), { method: "POST", body: JSON.stringify({ body: "second" }) });
    expect(sent.status).toBe(201);
    expect((await live("typing", token(), { method: "POST" })).status).toBe(204);
    expect((await live("read", token(), { method: "POST", body: JSON.stringify({ index: 1 }) })).status).toBe(204);
    const events = await pending;
    expect(events.map((e) => e.event)).toEqual(["snapshot", "messageAdded", "typing", "participantUpdated"]);
    expect(events[2]?.id).toBeUndefined();

    // Resume from the snapshot: the message and read horizon come again, the ephemeral typing does not.
    const resumed = await live("events", token(), { headers: { "last-event-id": events[0]!.id! } });
    const replay = await readEvents(resumed, 2);
    expect(replay.map((e) => [e.event, e.id])).toEqual([
      ["messageAdded", events[1]!.id],
      ["participantUpdated", events[3]!.id],
    ]);
  });

  it("ends a stream whose reader stopped reading once its backlog passes the bound, dropping what waited", async () => {
    const { sandbox } = given.fixture;
    const sid = given.chat.conversationSid;
    const stalled = await live("events", token()); // never read
    const reading = await live("events", token());
    const reader = reading.body!.getReader();
    expect(sandbox.bus.listenerCount(sid)).toBe(2);
    // 8 KB a message (é is two bytes): a little over the bound's worth.
    const body = "é".repeat(MESSAGE_MAX_LENGTH);
    const count = Math.ceil(LIVE_STREAM_BACKLOG_MAX_BYTES / (2 * MESSAGE_MAX_LENGTH)) + 10;
    const frame = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await frame()).toBe(": open\n\n");
    expect(await frame()).toMatch(/^id: \d+\nevent: snapshot/);
    for (let i = 0; i < count; i++) {
      sandbox.postMessage(sid, { author: given.chat.identity, body }, { webhooks: false });
      // The reader that keeps up gets every message and is never cut off.
      expect(await frame()).toMatch(/\nevent: messageAdded\n/);
    }
    expect(sandbox.bus.listenerCount(sid)).toBe(1);
    await expect(stalled.body!.getReader().read()).rejects.toThrow(/fell too far behind/);
    await reader.cancel();
  });

  it("starts a resumed stream at once even when there is nothing to replay", async () => {
    const first = await live("events", token());
    const [snapshot] = await readEvents(first, 1);
    const resumed = await live("events", token(), { headers: { "last-event-id": snapshot!.id! } });
    const reader = resumed.body!.getReader();
    const chunk = await Promise.race([
      reader.read().then(({ value }) => new TextDecoder().decode(value)),
      new Promise<string>((resolve) => setTimeout(() => resolve("nothing within 1 s"), 1000)),
    ]);
    expect(chunk).toBe(": open\n\n");
    await reader.cancel();
  });

  it("pages older messages, oldest first, for participants only", async () => {
    for (let i = 1; i < 40; i++)
      given.fixture.sandbox.postMessage(
        given.chat.conversationSid,
        { author: given.chat.identity, body: `m${i}` },
        { webhooks: false },
      );
    const page = await (await live("messages?before=35&limit=30", token(), { method: "GET" })).json();
    expect(page.messages.map((m: { index: number }) => m.index)).toEqual(Array.from({ length: 30 }, (_, i) => 5 + i));
    expect(page.has_more).toBe(true);
    const rest = await (await live("messages?before=5&limit=30", token(), { method: "GET" })).json();
    expect(rest.messages).toHaveLength(5);
    expect(rest.has_more).toBe(false);
    expect((await live("messages?before=x", token(), { method: "GET" })).status).toBe(400);
    const stranger = mintAccessToken(given.fixture.ctx.settings, "someone-else", 600);
    expect((await live("messages?before=5", stranger, { method: "GET" })).status).toBe(403);
  });

  it("keeps no record of client message ids, as Twilio keeps none: a send made twice is two messages", async () => {
    const send = () =>
      live("messages", token(), {
        method: "POST",
        body: JSON.stringify({ body: "twice", attributes: { clientMessageId: "c-1" } }),
      });
    const first = await (await send()).json();
    const again = await (await send()).json();
    expect(again.sid).not.toBe(first.sid);
    expect(
      given.fixture.sandbox.store.listMessages(given.chat.conversationSid, "asc", 0, 10).map((m) => m.body),
    ).toEqual(["Hello?", "twice", "twice"]);
  });

  it("rejects empty and non-JSON message bodies with a clear message", async () => {
    const empty = await live("messages", token(), { method: "POST", body: JSON.stringify({ body: "   " }) });
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toMatch(/cannot be empty/);
    const garbage = await live("messages", token(), { method: "POST", body: "<script>" });
    expect(garbage.status).toBe(400);
  });

  it("does not move the read horizon backwards or past the last message", async () => {
    await live("read", token(), { method: "POST", body: JSON.stringify({ index: 99 }) });
    expect(
      given.fixture.sandbox.store.findParticipant(given.chat.conversationSid, given.chat.identity)
        ?.last_read_message_index,
    ).toBe(0);
  });
});
