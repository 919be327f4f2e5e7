import { FAKE_TWILIO_SETTINGS } from "@/lib/testing/fake-settings";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flexTask, flexTaskPage, recorder, startPrism } from "@/lib/testing/prism";
import { isLoopbackOrigin } from "@/lib/loopback";
import { RewriteHttpClient } from "@/lib/twilio/rewrite-http-client";
import {
  closeConversation,
  endWebChat,
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
    const chat = await startWebChat(
      ctx,
      { name: "José", question: "Hello?", fields: { email: "jose@example.com", topic: "orders", transcript: true } },
      "returning",
    );
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

  it("sends the first message with X-Twilio-Webhook-Enabled and never re-posts a WebChats that failed", async () => {
    const record = recorder(prism.origin);
    await record.reset();
    await startWebChat(ctx, { name: "Ana", question: "Hi" }, undefined, { inactive: "PT15M", closed: "PT2H" });
    const sent = await record.requests();
    const named = (r: (typeof sent)[number]) => `${r.method} ${r.host}${r.path.replace(/CH[0-9a-f]{32}/, "CH…")}`;
    // The WebChat first; then the timers and the first message, side by side (in either order).
    expect(named(sent[0]!)).toBe("POST flex-api.twilio.com/v2/WebChats");
    expect(sent.slice(1).map(named).sort()).toEqual([
      "POST conversations.twilio.com/v1/Conversations/CH…",
      "POST conversations.twilio.com/v1/Conversations/CH…/Messages",
    ]);
    expect(sent.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    const message = sent.find((r) => r.path.endsWith("/Messages"))!;
    const update = sent.find((r) => /\/Conversations\/CH[0-9a-f]{32}$/.test(r.path))!;
    expect(message.headers["x-twilio-webhook-enabled"]).toBe("true");
    expect(new URLSearchParams(update.body).get("Timers.Closed")).toBe("PT2H");

    await record.reset();
    await record.script({
      method: "POST",
      path: "^/flex-api\\.twilio\\.com/v2/WebChats$",
      status: 504,
      body: { code: 20504, message: "Gateway timeout", status: 504 },
    });
    await expect(startWebChat(ctx, { name: "Ana", question: "Hi" })).rejects.toMatchObject({ status: 504 });
    expect((await record.requests()).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v2/WebChats"]);
  });

  it("ends a web chat in Flex before closing it: configuration, the conversation's task fetched alone, its agents to wrap-up", async () => {
    const record = recorder(prism.origin);
    const sid = `CH${"b".repeat(32)}`;
    const task = flexTask(sid);
    await record.reset();
    await record.script({
      method: "GET",
      path: "^/taskrouter\\.twilio\\.com/v1/Workspaces/WS[0-9a-f]{32}/Tasks$",
      status: 200,
      body: flexTaskPage(sid),
    });
    await record.script({
      method: "GET",
      path: `^/taskrouter\\.twilio\\.com/v1/Workspaces/WS[0-9a-f]{32}/Tasks/${task.sid}$`,
      status: 200,
      body: task,
    });
    await endWebChat(ctx, sid);
    const sent = await record.requests();
    expect(sent.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([
      "GET flex-api.twilio.com/v1/Configuration",
      `GET taskrouter.twilio.com/v1/Workspaces/WS${"a".repeat(32)}/Tasks`,
      `GET taskrouter.twilio.com/v1/Workspaces/WS${"a".repeat(32)}/Tasks/${task.sid}`,
      `GET flex-api.twilio.com/v1/Interactions/KD${"a".repeat(32)}/Channels/UO${"a".repeat(31)}1/Participants`,
      `POST flex-api.twilio.com/v1/Interactions/KD${"a".repeat(32)}/Channels/UO${"a".repeat(31)}1/Participants/UT${"a".repeat(31)}2`,
      `POST conversations.twilio.com/v1/Conversations/${sid}`,
    ]);
    // Prism checked every request against Twilio's documents (422 otherwise).
    expect(sent.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(sent[1]!.query.EvaluateTaskAttributes).toBe(`conversationSid == "${sid}"`);
    expect(new URLSearchParams(sent[4]!.body).get("Status")).toBe("wrapup");
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
