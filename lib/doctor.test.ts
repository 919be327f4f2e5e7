import { afterEach, describe, expect, it } from "vitest";
import { diagnose, twilioProbe, type TwilioProbe } from "@/lib/doctor";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";

const good = {
  SESSION_SECRET: "x".repeat(40),
  TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
  TWILIO_API_KEY_SID: `SK${"b".repeat(32)}`,
  TWILIO_API_KEY_SECRET: "s".repeat(32),
  TWILIO_CONVERSATIONS_SERVICE_SID: `IS${"c".repeat(32)}`,
  TWILIO_FLEX_ADDRESS_SID: `IG${"d".repeat(32)}`,
};

// Twilio 6.2's AddressConfigurationType: a Flex web chat address is "chat" (there is no "webchat").
const probe = (overrides: Partial<TwilioProbe> = {}): TwilioProbe => ({
  conversationsDefaults: async () => ({ defaultChatServiceSid: good.TWILIO_CONVERSATIONS_SERVICE_SID }),
  address: async () => ({ type: "chat", friendlyName: "Web chat", integration: { enabled: true, type: "studio" } }),
  flexConfiguration: async () => ({ workspaceSid: `WS${"e".repeat(32)}` }),
  ...overrides,
});

const fixtures: ReturnType<typeof createSandboxFixture>[] = [];
afterEach(() => fixtures.splice(0).forEach((f) => f.close()));

/** The real probe, through the twilio package, against the sandbox's Flex account. */
function sandboxAccount() {
  const fixture = createSandboxFixture();
  fixtures.push(fixture);
  const creds = fixture.sandbox.credentials;
  const env = {
    SESSION_SECRET: good.SESSION_SECRET,
    TWILIO_ACCOUNT_SID: creds.accountSid,
    TWILIO_API_KEY_SID: creds.apiKeySid,
    TWILIO_API_KEY_SECRET: creds.apiKeySecret,
    TWILIO_CONVERSATIONS_SERVICE_SID: creds.conversationsServiceSid,
    TWILIO_FLEX_ADDRESS_SID: creds.flexAddressSid,
  };
  const hosts = () => [...new Set(fixture.exchanges.map((e) => new URL(e.url).host))];
  return { env, probe: twilioProbe(() => fixture.ctx.client, hosts), fixture };
}

const errors = (findings: { level: string; text: string }[]) =>
  findings.filter((f) => f.level === "error").map((f) => f.text);

describe("npm run doctor", () => {
  it("passes a complete configuration that Twilio confirms (a Flex account: the sandbox, through the twilio package)", async () => {
    const { env, probe: real } = sandboxAccount();
    const findings = await diagnose(env, real);
    expect(errors(findings)).toEqual([]);
    const texts = findings.map((f) => f.text).join("\n");
    expect(texts).toMatch(/is the account's default Conversations service/);
    expect(texts).toMatch(/Address "Web chat \(sandbox\)" is a web chat address; new chats go to its Studio flow/);
    expect(texts).toMatch(/Flex is set up \(TaskRouter workspace WS[0-9a-f]{32}\)/);
    expect(texts).toContain(
      "Reached Twilio at conversations.twilio.com, flex-api.twilio.com (region us1, edge Twilio's default)",
    );
    expect(texts).toContain("Flex WebChats is called with the API key");
    const withToken = await diagnose({ ...env, TWILIO_AUTH_TOKEN: "f".repeat(32) }, undefined);
    expect(withToken.map((f) => f.text)).toContain(
      "Flex WebChats is called with the Account SID and Auth Token (TWILIO_AUTH_TOKEN); every other call uses the API key",
    );
  });

  it("says what is at risk on Vercel without Redis: limits per instance, a transcript emailed twice", async () => {
    const mail = {
      SMTP_URL: "smtps://u:p@smtp.example.com:465",
      TRANSCRIPT_FROM: "support@example.com",
      PUBLIC_URL: "https://chat.example.com",
      TWILIO_AUTH_TOKEN: "f".repeat(32),
    };
    const texts = (await diagnose({ ...good, ...mail, VERCEL: "1" }, undefined)).map((f) => `${f.level} ${f.text}`);
    expect(texts).toContain(
      "warn REDIS_URL is not set on Vercel, which runs several instances at once: each counts chat-start limits on its own, a transcript may be emailed twice when Twilio's webhook is retried on another instance, and each instance keeps its own daily transcript counts per mailbox and per client. Set REDIS_URL to share them.",
    );
    const shared = (
      await diagnose({ ...good, ...mail, VERCEL: "1", REDIS_URL: "redis://127.0.0.1:6379" }, undefined)
    ).map((f) => f.text);
    expect(shared.some((t) => t.includes("not set on Vercel"))).toBe(false);
    expect(shared).toContain("Chat-start limits and transcript sends are shared through Redis (REDIS_URL)");
  });

  it("refuses a Conversations service that is not the default one WebChats uses", async () => {
    const { env, probe: real } = sandboxAccount();
    const findings = await diagnose({ ...env, TWILIO_CONVERSATIONS_SERVICE_SID: `IS${"0".repeat(32)}` }, real);
    expect(errors(findings)[0]).toMatch(/is not the account's default Conversations service \(IS[0-9a-f]{32}\)/);
  });

  it("refuses an address that hands chats to nothing, so no chat would reach an agent", async () => {
    const findings = await diagnose(
      good,
      probe({
        address: async () => ({ type: "chat", friendlyName: "Bare", integration: { enabled: false, type: null } }),
      }),
    );
    expect(errors(findings)[0]).toMatch(/Address "Bare" hands new chats to no Studio flow or webhook/);
  });

  it("names malformed SIDs by prefix and the IS/IG mix-up, and says where to find missing ones", async () => {
    const findings = await diagnose({
      ...good,
      TWILIO_FLEX_ADDRESS_SID: good.TWILIO_CONVERSATIONS_SERVICE_SID,
      TWILIO_API_KEY_SID: "AC123",
    });
    expect(errors(findings).join("\n")).toMatch(/TWILIO_API_KEY_SID must be an API Key SID: "SK" followed by 32 hex/);
    expect(errors(findings).join("\n")).toMatch(/TWILIO_FLEX_ADDRESS_SID .*not the "IS…" service SID/);
    const missing = await diagnose({
      SESSION_SECRET: good.SESSION_SECRET,
      TWILIO_ACCOUNT_SID: good.TWILIO_ACCOUNT_SID,
    });
    expect(errors(missing).join("\n")).toMatch(/TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, .* are missing/);
    expect(missing.map((f) => f.text).join("\n")).toMatch(
      /TWILIO_FLEX_ADDRESS_SID: find it in .*Conversations Addresses/,
    );
    // Each missing variable is named as missing once, then where to find it once.
    expect(missing.filter((f) => f.text.includes("TWILIO_FLEX_ADDRESS_SID"))).toHaveLength(2);
    expect(missing.filter((f) => f.text.includes("missing"))).toHaveLength(1);
  });

  it("takes an API Key secret of 32 characters only, as Twilio makes them", async () => {
    expect(errors(await diagnose({ ...good, TWILIO_API_KEY_SECRET: "s".repeat(16) })).join("\n")).toContain(
      "TWILIO_API_KEY_SECRET must be the API Key's secret: 32 characters",
    );
  });

  it("says whether chat-start limits are shared between instances", async () => {
    const texts = async (vars: Record<string, string>) =>
      (await diagnose(vars, probe())).map((f) => `${f.level}: ${f.text}`);
    expect(await texts(good)).toContainEqual(expect.stringMatching(/^warn: REDIS_URL is not set/));
    expect(await texts({ ...good, REDIS_URL: "redis://127.0.0.1:6379" })).toContain(
      "ok: Chat-start limits and transcript sends are shared through Redis (REDIS_URL)",
    );
  });

  it("says whether transcript emails are on, and what turns them on", async () => {
    const texts = async (vars: Record<string, string>) =>
      (await diagnose(vars, probe())).map((f) => `${f.level}: ${f.text}`);
    expect(await texts(good)).toContainEqual(
      expect.stringMatching(
        /^warn: Transcript emails are off .* set SMTP_URL, TRANSCRIPT_FROM, PUBLIC_URL and TWILIO_AUTH_TOKEN/,
      ),
    );
    const on = {
      ...good,
      TWILIO_AUTH_TOKEN: "f".repeat(32),
      SMTP_URL: "smtps://u:p@smtp.example.com:465",
      TRANSCRIPT_FROM: "Support <support@example.com>",
      PUBLIC_URL: "https://chat.example.com",
    };
    expect(await texts(on)).toContain(
      'ok: Transcript emails are on: sent from Support <support@example.com>; Twilio posts "chat ended" to https://chat.example.com/api/webhooks/conversations',
    );
    // Missed replies: the same email path, and one place for their due times.
    expect(await texts(good)).toContainEqual(
      expect.stringMatching(/^warn: Missed-reply emails and Leave a message are off/),
    );
    expect(await texts({ ...on, MISSED_REPLY_EMAIL_AFTER: "PT5M" })).toContain(
      "ok: Missed-reply emails are on: a reply unread for 5 min is emailed; Twilio posts new messages to https://chat.example.com/api/webhooks/conversations; due times in this instance's memory (one instance only: set REDIS_URL for several)",
    );
    expect(await texts({ ...on, REDIS_URL: "redis://cache.example.com:6379" })).toContainEqual(
      expect.stringMatching(/due times shared in Redis \(REDIS_URL\)$/),
    );
    expect(await texts({ ...on, MISSED_REPLY_EMAIL_AFTER: "PT10S" })).toContainEqual(
      expect.stringMatching(/MISSED_REPLY_EMAIL_AFTER must be an ISO 8601 duration of at least 1 minute/),
    );
  });

  it("reports the embedding allow-list and warns about plain-HTTP sites", async () => {
    const texts = (
      await diagnose({ ...good, EMBED_ALLOWED_ORIGINS: "https://shop.example.com,http://blog.example.com" }, probe())
    ).map((f) => `${f.level}: ${f.text}`);
    expect(texts).toContainEqual(
      expect.stringMatching(/^ok: Embedding allowed for https:\/\/shop\.example\.com, http:\/\/blog\.example\.com/),
    );
    expect(texts).toContainEqual(
      expect.stringMatching(/^warn: EMBED_ALLOWED_ORIGINS lists http:\/\/blog\.example\.com over plain HTTP/),
    );
  });

  it("requires a long session secret for production", async () => {
    expect(errors(await diagnose({ ...good, SESSION_SECRET: "short" }))).toEqual([
      "SESSION_SECRET must be at least 32 characters (make one with: openssl rand -base64 32)",
    ]);
  });

  it("reports what Twilio says about the credentials and SIDs", async () => {
    const unauthorized = await diagnose(
      good,
      probe({ conversationsDefaults: async () => Promise.reject({ status: 401 }) }),
    );
    expect(errors(unauthorized)[0]).toMatch(/refused the API key \(401, code 20003\)/);
    const unknownAddress = await diagnose(good, probe({ address: async () => Promise.reject({ status: 404 }) }));
    expect(errors(unknownAddress)[0]).toMatch(/TWILIO_FLEX_ADDRESS_SID: Twilio does not know this SID/);
    const smsAddress = await diagnose(
      good,
      probe({
        address: async () => ({ type: "sms", friendlyName: "SMS", integration: { enabled: true, type: "studio" } }),
      }),
    );
    expect(errors(smsAddress)[0]).toMatch(/"sms" address, not a web chat \("chat"\) one/);
    const noFlex = await diagnose(good, probe({ flexConfiguration: async () => Promise.reject({ status: 404 }) }));
    expect(errors(noFlex)[0]).toMatch(/Flex configuration: Twilio does not know/);
    const offline = await diagnose(
      good,
      probe({ conversationsDefaults: async () => Promise.reject(new Error("ENOTFOUND")) }),
    );
    expect(errors(offline)[0]).toMatch(/could not be reached/);
  });

  it("refuses the test-only Twilio origin in a deployment", async () => {
    const findings = await diagnose({ ...good, TWILIO_TEST_API_ORIGIN: "http://127.0.0.1:4010/" });
    expect(errors(findings)).toEqual(["TWILIO_TEST_API_ORIGIN is set: it is for tests only; remove it in production"]);
  });
});
