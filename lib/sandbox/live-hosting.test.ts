import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sandboxWithChat } from "@/lib/testing/sandbox-fixture";
import { serveLiveRequest } from "@/lib/sandbox/live-hosting";
import { mintAccessToken } from "@/lib/twilio/webchat";

// The live API as server.mjs serves it, before Next: a real HTTP server on loopback, a real client.
const given = sandboxWithChat("Hello?");
let server: Server;
let base: string;

beforeEach(async () => {
  server = createServer((request, response) => void serveLiveRequest(given.fixture.sandbox, request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sandbox/conversations`;
});
afterEach(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const auth = () => ({
  authorization: `Bearer ${mintAccessToken(given.fixture.ctx.settings, given.chat.identity, 600)}`,
});

/** Reads the stream until `text` has arrived (or it ends). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  while (!seen.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  return seen;
}

describe("the live API served before Next", () => {
  it("streams a message posted by another request as it is sent, with the security headers", async () => {
    const sid = given.chat.conversationSid;
    const stream = await fetch(`${base}/${sid}/events`, { headers: auth() });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("x-content-type-options")).toBe("nosniff");
    const reader = stream.body!.getReader();
    expect(await readUntil(reader, "event: snapshot")).toContain("Hello?");

    const posted = await fetch(`${base}/${sid}/messages`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ body: "Through the fast path" }),
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toMatchObject({ body: "Through the fast path", author: given.chat.identity });
    expect(await readUntil(reader, "Through the fast path")).toContain("event: messageAdded");
    await reader.cancel();
  });

  it("ends the stream's subscription when the client goes away", async () => {
    const sid = given.chat.conversationSid;
    const { bus } = given.fixture.sandbox;
    const leaving = new AbortController();
    const stream = await fetch(`${base}/${sid}/events`, { headers: auth(), signal: leaving.signal });
    await readUntil(stream.body!.getReader(), "event: snapshot");
    expect(bus.listenerCount(sid)).toBe(1);
    leaving.abort();
    await expect.poll(() => bus.listenerCount(sid)).toBe(0);
  });

  it("answers a bad request with Twilio's error or a sentence, never a 500", async () => {
    const sid = given.chat.conversationSid;
    const malformed = await fetch(`${base}/%E0%A4%A/events`);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/malformed %-encoding/);

    const anonymous = await fetch(`${base}/${sid}/messages`, { method: "POST", body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 20101 });

    const notJson = await fetch(`${base}/${sid}/messages`, { method: "POST", headers: auth(), body: "not json" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ message: "The request body must be JSON" });
  });
});
