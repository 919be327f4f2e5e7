import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAILBOX_MAX_BYTES } from "@/lib/sandbox/mailbox";
import { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxStore } from "@/lib/sandbox/store";
import { deliverWebhook } from "@/lib/sandbox/webhook-delivery";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import {
  TRANSCRIPT_ATTRIBUTE,
  readEmailRequest,
  readTranscriptRequest,
  signTranscriptRequest,
} from "@/lib/transcripts/request";
import { closeConversation, endWebChat, startWebChat } from "@/lib/twilio/webchat";

// What the app's transcripts rely on, checked against the sandbox behaving as Twilio does: the start records a signed
// request and registers a webhook (requests valid against Twilio's OpenAPI), the close fires it, signed, only when
// Twilio would, and the sandbox's mailbox speaks real SMTP.

type Received = { url: string; signature: string; params: Record<string, string> };

/** A webhook receiver on loopback: records each request, answers 200. */
async function receiver() {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${request.url}`,
        signature: String(request.headers["x-twilio-signature"] ?? ""),
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/conversations`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;
let hooks: Awaited<ReturnType<typeof receiver>>;
beforeEach(async () => {
  fixture = createSandboxFixture();
  hooks = await receiver();
});
afterEach(async () => {
  fixture.close();
  await hooks.close();
});

const settle = () => Promise.all([...fixture.sandbox.flex.pending]);
const visitor = {
  name: "Ana",
  question: "Where is my order?",
  fields: { email: "ana@example.com", transcript: true },
  transcriptTo: "ana@example.com",
};

describe("a transcript request recorded at the start", () => {
  it("is signed into the conversation's attributes beside Flex's, with a webhook for the close, all per Twilio's OpenAPI", async () => {
    const chat = await startWebChat(
      fixture.ctx,
      visitor,
      undefined,
      { inactive: "PT15M", closed: "PT2H" },
      { locale: "es", webhookUrl: hooks.url },
    );
    const conversation = fixture.sandbox.requireConversation(chat.conversationSid);
    const attributes = JSON.parse(conversation.attributes) as Record<string, unknown>;
    expect(attributes.pre_engagement_data).toBeDefined();
    expect(readTranscriptRequest(fixture.ctx.settings.apiKeySecret, chat.conversationSid, attributes)).toEqual({
      to: "ana@example.com",
      locale: "es",
      identity: chat.identity,
    });
    const [hook, ...more] = fixture.sandbox.flex.data
      .listWebhooks(chat.conversationSid)
      .filter((w) => w.target === "webhook");
    expect(more).toEqual([]);
    expect(JSON.parse(hook!.configuration)).toEqual({
      url: hooks.url,
      method: "POST",
      filters: ["onConversationStateUpdated"],
    });
    for (const exchange of fixture.exchanges)
      expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
  });

  it("is not recorded when the visitor did not ask, even with a webhook address at hand", async () => {
    const plain = { ...visitor, transcriptTo: undefined };
    const chat = await startWebChat(fixture.ctx, plain, undefined, undefined, { locale: "en", webhookUrl: hooks.url });
    const attributes = JSON.parse(fixture.sandbox.requireConversation(chat.conversationSid).attributes) as Record<
      string,
      unknown
    >;
    expect(attributes[TRANSCRIPT_ATTRIBUTE]).toBeUndefined();
    expect(fixture.sandbox.flex.data.listWebhooks(chat.conversationSid).filter((w) => w.target === "webhook")).toEqual(
      [],
    );
  });

  it("is refused once altered: another address, language or identity breaks its signature", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    const signed = signTranscriptRequest(secret, "CH" + "a".repeat(32), {
      to: "ana@example.com",
      locale: "en",
      identity: "v1",
    });
    const read = (value: unknown, sid = "CH" + "a".repeat(32)) =>
      readTranscriptRequest(secret, sid, { [TRANSCRIPT_ATTRIBUTE]: value });
    expect(read(signed)).toEqual({ to: "ana@example.com", locale: "en", identity: "v1" });
    expect(read({ ...signed, to: "mallory@example.com" })).toBeNull();
    expect(read({ ...signed, locale: "es" })).toBeNull();
    expect(read({ ...signed, identity: "v2" })).toBeNull();
    expect(read(signed, "CH" + "b".repeat(32))).toBeNull();
    expect(read({ ...signed, sig: "" })).toBeNull();
    expect(read("ana@example.com")).toBeNull();
  });
});

describe("replies missed, asked for at the start", () => {
  it("signs their request beside the transcript's, with one webhook for both events, per Twilio's OpenAPI", async () => {
    const chat = await startWebChat(
      fixture.ctx,
      { ...visitor, repliesTo: "ana@example.com" },
      undefined,
      { inactive: "PT15M", closed: "PT2H" },
      { locale: "es", webhookUrl: hooks.url },
    );
    const attributes = JSON.parse(fixture.sandbox.requireConversation(chat.conversationSid).attributes) as Record<
      string,
      unknown
    >;
    const secret = fixture.ctx.settings.apiKeySecret;
    const expected = { to: "ana@example.com", locale: "es", identity: chat.identity };
    expect(readEmailRequest("replies", secret, chat.conversationSid, attributes)).toEqual(expected);
    expect(readEmailRequest("transcript", secret, chat.conversationSid, attributes)).toEqual(expected);
    // A transcript's signature is not a replies request's: the kinds are signed apart.
    expect(
      readEmailRequest("replies", secret, chat.conversationSid, { webchat_replies: attributes[TRANSCRIPT_ATTRIBUTE] }),
    ).toBeNull();
    const hooksOf = fixture.sandbox.flex.data.listWebhooks(chat.conversationSid).filter((w) => w.target === "webhook");
    expect(hooksOf.map((w) => JSON.parse(w.configuration) as unknown)).toEqual([
      { url: hooks.url, method: "POST", filters: ["onConversationStateUpdated", "onMessageAdded"] },
    ]);
    for (const exchange of fixture.exchanges)
      expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
    // The question fired onMessageAdded: let it land before the receiver closes.
    await settle();
    expect(hooks.received.map((r) => r.params.EventType)).toEqual(["onMessageAdded"]);
  });

  it("hears each new message, signed, with the participant who wrote it (none for the system's)", async () => {
    const chat = await startWebChat(
      fixture.ctx,
      { ...visitor, transcriptTo: undefined, repliesTo: "ana@example.com" },
      undefined,
      undefined,
      { locale: "en", webhookUrl: hooks.url },
    );
    await settle();
    // The question, written as the visitor with X-Twilio-Webhook-Enabled, is the first.
    expect(hooks.received.map((r) => r.params.Author)).toEqual([chat.identity]);
    const conversation = fixture.ctx.client.conversations.v1.conversations(chat.conversationSid);
    await conversation.participants.create({ identity: "agent-alex" });
    fixture.sandbox.postMessage(chat.conversationSid, { author: "agent-alex", body: "Hi Ana" }, { webhooks: true });
    fixture.sandbox.postMessage(chat.conversationSid, { body: "Alex joined" }, { webhooks: true });
    await settle();
    const [, agent, system] = hooks.received;
    expect(agent!.params).toMatchObject({ EventType: "onMessageAdded", Author: "agent-alex", Body: "Hi Ana" });
    expect(agent!.params.ParticipantSid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(system!.params).toMatchObject({ Author: "system", ParticipantSid: "" });
    const token = fixture.sandbox.credentials.authToken;
    expect(twilio.validateRequest(token, agent!.signature, agent!.url, agent!.params)).toBe(true);
    expect(twilio.validateRequest(token, agent!.signature, agent!.url, { ...agent!.params, Body: "Changed" })).toBe(
      false,
    );
  });
});

describe("the close fires the webhook as Twilio does", () => {
  it("when the visitor ends the chat: signed with the account's Auth Token, StateTo closed", async () => {
    const chat = await startWebChat(fixture.ctx, visitor, undefined, undefined, {
      locale: "en",
      webhookUrl: hooks.url,
    });
    await endWebChat(fixture.ctx, chat.conversationSid);
    await settle();
    expect(hooks.received).toHaveLength(1);
    const [hit] = hooks.received;
    expect(hit!.params).toMatchObject({
      EventType: "onConversationStateUpdated",
      ConversationSid: chat.conversationSid,
      StateFrom: "active",
      StateTo: "closed",
      AccountSid: fixture.sandbox.credentials.accountSid,
    });
    expect(twilio.validateRequest(fixture.sandbox.credentials.authToken, hit!.signature, hit!.url, hit!.params)).toBe(
      true,
    );
    expect(twilio.validateRequest("another-token-0123456789abcdef", hit!.signature, hit!.url, hit!.params)).toBe(false);
  });

  it("not for a REST state change without X-Twilio-Webhook-Enabled; with it (closeConversation) once", async () => {
    const chat = await startWebChat(fixture.ctx, visitor, undefined, undefined, {
      locale: "en",
      webhookUrl: hooks.url,
    });
    await fixture.ctx.client.conversations.v1.conversations(chat.conversationSid).update({ state: "inactive" });
    await settle();
    expect(hooks.received).toEqual([]);
    await closeConversation(fixture.ctx, chat.conversationSid);
    await settle();
    expect(hooks.received.map((r) => [r.params.StateFrom, r.params.StateTo])).toEqual([["inactive", "closed"]]);
  });

  it("when the closed timer runs out, with Reason TIMER", async () => {
    const fast = new Sandbox(new SandboxStore(":memory:"), { clockSpeed: 100_000 });
    try {
      const chat = fast.createWebChat({ addressSid: fast.credentials.flexAddressSid, customerFriendlyName: "Ana" });
      fast.flex.data.addWebhook(chat.conversation_sid, "webhook", {
        url: hooks.url,
        method: "POST",
        filters: ["onConversationStateUpdated"],
      });
      fast.timers.set(chat.conversation_sid, { inactive: "PT1M", closed: "PT10M" });
      // Two deliveries in flight at once may arrive in either order (nor does Twilio promise an order).
      await expect
        .poll(() => hooks.received.map((r) => r.params.StateTo).sort(), { timeout: 5_000 })
        .toEqual(["closed", "inactive"]);
      expect(hooks.received.every((r) => r.params.Reason === "TIMER")).toBe(true);
    } finally {
      fast.close();
    }
  });

  it("never to an address beyond this machine", async () => {
    const outcome = await deliverWebhook(
      { url: "https://example.com/hook", method: "POST" },
      { EventType: "x" },
      { authToken: "t" },
    );
    expect(outcome).toEqual({ delivered: false, reason: "the sandbox reaches no network beyond this machine" });
    const own = await deliverWebhook(
      { url: "https://chat.example.com/hook", method: "POST" },
      {},
      { authToken: "t", ownOrigin: "https://chat.example.org" },
    );
    expect(own.delivered).toBe(false);
  });
});

describe("the sandbox's mailbox", () => {
  it("receives over SMTP what nodemailer sends, keeping sender, recipient, subject and both parts", async () => {
    const mailbox = fixture.sandbox.mailbox;
    const transport = nodemailer.createTransport(await mailbox.url());
    await transport.sendMail({
      from: "Support <support@example.com>",
      to: "ana@example.com",
      subject: "Hola",
      text: "plain",
      html: "<p>rich</p>",
    });
    const [mail, ...more] = mailbox.list();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ sender: "Support <support@example.com>", subject: "Hola", text: "plain" });
    expect(JSON.parse(mail!.envelope_to)).toEqual(["ana@example.com"]);
    expect(mail!.html).toContain("<p>rich</p>");
  });

  it("refuses a message over its size limit, as a provider would", async () => {
    const transport = nodemailer.createTransport(await fixture.sandbox.mailbox.url());
    await expect(
      transport.sendMail({ from: "a@example.com", to: "b@example.com", text: "x".repeat(MAILBOX_MAX_BYTES + 1024) }),
    ).rejects.toThrow(/552|size/i);
    expect(fixture.sandbox.mailbox.count()).toBe(0);
  });

  it("takes mail from the app's mailer only: a client without its login is refused and evicts nothing", async () => {
    const mailbox = fixture.sandbox.mailbox;
    const url = new URL(await mailbox.url());
    await nodemailer
      .createTransport(url.toString())
      .sendMail({ from: "a@example.com", to: "b@example.com", text: "ok" });
    const stranger = nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false });
    await expect(stranger.sendMail({ from: "junk@example.com", to: "b@example.com", text: "junk" })).rejects.toThrow(
      /530|auth/i,
    );
    url.password = "guessed";
    await expect(
      nodemailer.createTransport(url.toString()).sendMail({ from: "junk@example.com", to: "b@example.com", text: "x" }),
    ).rejects.toThrow(/535|Invalid/i);
    expect(mailbox.list().map((m) => m.text.trim())).toEqual(["ok"]);
  });
});
