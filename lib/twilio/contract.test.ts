import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import {
  PAGE_ATTRIBUTE,
  closeConversation,
  loadConversation,
  recordVisitorPage,
  restartTimers,
  startWebChat,
} from "@/lib/twilio/webchat";

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;

beforeEach(() => {
  fixture = createSandboxFixture();
});
afterEach(() => fixture.close());

function expectAllConform() {
  expect(fixture.exchanges.length).toBeGreaterThan(0);
  for (const exchange of fixture.exchanges) {
    expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
  }
}

describe("server requests and sandbox answers follow Twilio's OpenAPI documents", () => {
  it("covers a whole web chat: create, history, agent join, reply, read horizon, list, close", async () => {
    const { ctx } = fixture;
    const chat = await startWebChat(ctx, {
      name: "José 李",
      question: "Where is my order?",
      fields: { email: "jose@example.com" },
    });
    expect(chat.conversationSid).toMatch(/^CH[0-9a-f]{32}$/);

    const conversation = ctx.client.conversations.v1.conversations(chat.conversationSid);
    const agent = await conversation.participants.create({ identity: "agent-1" });
    expect(agent.sid).toMatch(/^MB[0-9a-f]{32}$/);
    const reply = await conversation.messages.create({ author: "agent-1", body: "Let me check." });
    expect(reply.sid).toMatch(/^IM[0-9a-f]{32}$/);
    expect(reply.index).toBe(1);
    await conversation.participants(chat.identity).update({ lastReadMessageIndex: 1 });
    const participants = await conversation.participants.list();
    expect(participants.map((p) => p.identity).sort()).toEqual(["agent-1", chat.identity].sort());

    const open = await ctx.client.conversations.v1.conversations.list({ state: "active", limit: 20 });
    expect(open.map((c) => c.sid)).toContain(chat.conversationSid);
    const user = await ctx.client.conversations.v1.users(chat.identity).fetch();
    expect(user.friendlyName).toBe("José 李");

    const view = await loadConversation(ctx, chat.conversationSid);
    expect(view?.messages.map((m) => [m.author, m.body])).toEqual([
      [chat.identity, "Where is my order?"],
      ["agent-1", "Let me check."],
    ]);
    await closeConversation(ctx, chat.conversationSid);
    expect((await loadConversation(ctx, chat.conversationSid))?.state).toBe("closed");

    expectAllConform();
  });

  it("sends exactly the documented WebChats parameters, with the pre-engagement data as a JSON string", async () => {
    await startWebChat(fixture.ctx, { name: "Ana", question: "Hi" });
    const create = fixture.exchanges.find((e) => e.url === "https://flex-api.twilio.com/v2/WebChats");
    expect(create?.method).toBe("POST");
    const params = Object.fromEntries(new URLSearchParams(create!.body));
    expect(Object.keys(params).sort()).toEqual(
      ["AddressSid", "ChatFriendlyName", "CustomerFriendlyName", "PreEngagementData"].sort(),
    );
    expect(params.AddressSid).toMatch(/^IG[0-9a-f]{32}$/);
    expect(JSON.parse(params.PreEngagementData!)).toEqual({ friendlyName: "Ana", question: "Hi" });
    expectAllConform();
  });

  it("caps PreEngagementData before anything is sent, whatever the caller passed", async () => {
    await expect(startWebChat(fixture.ctx, { name: "A", question: "字".repeat(2000) })).rejects.toThrow(
      /PreEngagementData is \d+ bytes; the limit is 4096/,
    );
    expect(fixture.exchanges).toEqual([]);
    // The largest input the form accepts fits.
    await expect(
      startWebChat(fixture.ctx, {
        name: "N".repeat(80),
        question: "字".repeat(1000),
        fields: { email: `${"e".repeat(240)}@example.com`, topic: "account", transcript: true },
      }),
    ).resolves.toMatchObject({ identity: expect.any(String) });
  });

  it("pages long histories with Twilio's meta links", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, { name: "Pat", question: "first" });
    for (let i = 1; i < 130; i++)
      sandbox.postMessage(chat.conversationSid, { author: chat.identity, body: `m${i}` }, { webhooks: false });
    fixture.exchanges.length = 0;
    const all = await ctx.client.conversations.v1.conversations(chat.conversationSid).messages.list({ pageSize: 50 });
    expect(all.map((m) => m.index)).toEqual(Array.from({ length: 130 }, (_, i) => i));
    expect(fixture.exchanges).toHaveLength(3);
    expectAllConform();
  });

  it("is able to fail: a response off the contract is reported", () => {
    const problems = contract.check({
      method: "POST",
      url: "https://flex-api.twilio.com/v2/WebChats",
      contentType: "application/x-www-form-urlencoded",
      body: "AddressSid=IG00000000000000000000000000000000&Colour=blue",
      status: 201,
      responseBody: JSON.stringify({ conversation_sid: "CH123", identity: "x" }),
    });
    expect(problems.join("\n")).toMatch(/undeclared form parameter Colour/);
    expect(problems.join("\n")).toMatch(/conversation_sid/);
  });

  it("is able to fail: a query or header value outside its documented bounds is reported", () => {
    const problems = contract.check({
      method: "GET",
      url: `https://taskrouter.twilio.com/v1/Workspaces/WS${"0".repeat(32)}/Tasks?PageSize=5000&AssignmentStatus=pending&AssignmentStatus=assigned`,
      headers: {},
      contentType: "",
      body: "",
      status: 200,
      responseBody: JSON.stringify({ tasks: [], meta: { key: "tasks", page: 0, page_size: 50 } }),
    });
    expect(problems.join("\n")).toMatch(/query parameter PageSize: .*<= 1000/);
    expect(problems.join("\n")).not.toMatch(/AssignmentStatus/);
    const header = contract.check({
      method: "POST",
      url: `https://conversations.twilio.com/v1/Conversations/CH${"0".repeat(32)}`,
      headers: { "x-twilio-webhook-enabled": "yes" },
      contentType: "application/x-www-form-urlencoded",
      body: "State=closed",
      status: 200,
      responseBody: "{}",
    });
    expect(header.join("\n")).toMatch(/header parameter X-Twilio-Webhook-Enabled: .*allowed values/);
    const order = contract.check({
      method: "GET",
      url: `https://conversations.twilio.com/v1/Conversations/CH${"0".repeat(32)}/Messages?Order=newest`,
      headers: {},
      contentType: "",
      body: "",
      status: 200,
      responseBody: JSON.stringify({ messages: [], meta: { key: "messages", page: 0, page_size: 50 } }),
    });
    expect(order.join("\n")).toMatch(/query parameter Order: .*allowed values/);
  });
});

describe("the visitor's journey calls follow Twilio's OpenAPI documents", () => {
  it("Keep chatting restarts the timers and reactivates; a page move lands in the attributes, beside Flex's", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, { name: "Ana", question: "Hi" }, undefined, {
      inactive: "PT15M",
      closed: "PT2H",
    });
    await ctx.client.conversations.v1.conversations(chat.conversationSid).update({ state: "inactive" });
    await restartTimers(ctx, chat.conversationSid, { inactive: "PT15M", closed: "PT2H" });
    expect(sandbox.requireConversation(chat.conversationSid).state).toBe("active");
    expect(await recordVisitorPage(ctx, chat.conversationSid, { path: "/pricing", title: "Pricing" })).toBe("recorded");
    const attributes = JSON.parse(sandbox.requireConversation(chat.conversationSid).attributes) as Record<
      string,
      unknown
    >;
    expect(attributes[PAGE_ATTRIBUTE]).toMatchObject({ path: "/pricing", title: "Pricing" });
    expect(attributes.pre_engagement_data).toBeDefined();
    await closeConversation(ctx, chat.conversationSid);
    expect(await recordVisitorPage(ctx, chat.conversationSid, { path: "/later", title: "Later" })).toBe("closed");
    expectAllConform();
  });
});

describe("sandbox answers failures as Twilio does", () => {
  it("rejects an IS… SID given as the Address SID with a hint", async () => {
    const { ctx } = fixture;
    const wrong = { ...ctx, settings: { ...ctx.settings, flexAddressSid: ctx.settings.conversationsServiceSid } };
    await expect(startWebChat(wrong, { name: "A", question: "q" })).rejects.toMatchObject({
      status: 404,
      code: 20404,
      message: expect.stringMatching(/IG… Address SID/),
    });
    expectAllConform();
  });

  it("refuses wrong credentials with 20003", async () => {
    const twilio = (await import("twilio")).default;
    const { FetchHttpClient } = await import("@/lib/twilio/fetch-http-client");
    const { handleRestRequest } = await import("@/lib/sandbox/rest");
    const creds = fixture.sandbox.credentials;
    const client = twilio(creds.apiKeySid, "not-the-secret", {
      accountSid: creds.accountSid,
      httpClient: new FetchHttpClient((r) => handleRestRequest(fixture.sandbox, r)),
    });
    await expect(client.conversations.v1.conversations.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("answers 404 (20404) for a conversation that does not exist, which loadConversation reads as gone", async () => {
    expect(await loadConversation(fixture.ctx, "CH" + "0".repeat(32))).toBeNull();
    expect(fixture.exchanges.some((e) => e.status === 404)).toBe(true);
    expectAllConform();
  });

  it("refuses messages to a closed conversation", async () => {
    const { ctx } = fixture;
    const chat = await startWebChat(ctx, { name: "A", question: "q" });
    await closeConversation(ctx, chat.conversationSid);
    await expect(
      ctx.client.conversations.v1.conversations(chat.conversationSid).messages.create({ body: "late" }),
    ).rejects.toMatchObject({ status: 409, code: 50377 });
  });
});
