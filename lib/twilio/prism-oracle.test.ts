import { FAKE_TWILIO_SETTINGS } from "@/lib/testing/fake-settings";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism } from "@/lib/testing/prism";
import { isLoopbackOrigin } from "@/lib/loopback";
import { RewriteHttpClient } from "@/lib/twilio/rewrite-http-client";
import {
  closeConversation,
  fetchConversationState,
  loadConversation,
  startWebChat,
  type TwilioContext,
} from "@/lib/twilio/webchat";

// An outside oracle: Stoplight Prism, serving Twilio's own OpenAPI documents, rejects (422) any request that does
// not match Twilio's spec. The server's real functions run against it over HTTP through the twilio package.

let prism: Awaited<ReturnType<typeof startPrism>>;
let ctx: TwilioContext;

const settings = FAKE_TWILIO_SETTINGS;

beforeAll(async () => {
  prism = await startPrism();
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    httpClient: new RewriteHttpClient(`${prism.origin}/`),
  });
  ctx = { client, settings };
}, 40_000);
afterAll(() => prism?.stop());

describe("the server's Twilio calls against Prism's mock of Twilio's OpenAPI documents", () => {
  it("creates a web chat and posts the first message", async () => {
    const chat = await startWebChat(ctx, { name: "José", question: "Hello?", fields: { email: "jose@example.com", topic: "orders", consent: true } }, "returning");
    expect(chat.conversationSid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(typeof chat.identity).toBe("string");
  });

  it("loads the conversation with its latest messages, fetches its state and closes it", async () => {
    const sid = `CH${"a".repeat(32)}`;
    const view = await loadConversation(ctx, sid);
    expect(view?.state).toMatch(/^(active|inactive|closed)$/);
    expect(view?.messages.length).toBeGreaterThan(0);
    expect(await fetchConversationState(ctx, sid)).toMatch(/^(active|inactive|closed)$/);
    await expect(closeConversation(ctx, sid)).resolves.toBeUndefined();
  });

  it("is able to fail: a request off Twilio's spec is rejected with 422", async () => {
    const response = await ctx.client.request({
      method: "post",
      uri: "https://flex-api.twilio.com/v2/WebChats",
      data: { ChatFriendlyName: "no AddressSid" },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.statusCode).toBe(422);
  });
});

describe("isLoopbackOrigin", () => {
  it.each([
    ["http://127.0.0.1:4010/", true],
    ["http://localhost:4010/", true],
    ["https://api.twilio.com/", false],
    ["http://10.0.0.1:4010/", false],
    ["http://127.0.0.1:4010/path", false],
    ["not a url", false],
  ])("%s → %s", (origin, expected) => {
    expect(isLoopbackOrigin(origin)).toBe(expected);
  });
});
