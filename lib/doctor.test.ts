import { describe, expect, it } from "vitest";
import { diagnose, type TwilioProbe } from "@/lib/doctor";

const good = {
  SESSION_SECRET: "x".repeat(40),
  TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
  TWILIO_API_KEY_SID: `SK${"b".repeat(32)}`,
  TWILIO_API_KEY_SECRET: "s".repeat(32),
  TWILIO_CONVERSATIONS_SERVICE_SID: `IS${"c".repeat(32)}`,
  TWILIO_FLEX_ADDRESS_SID: `IG${"d".repeat(32)}`,
};

const probe = (overrides: Partial<TwilioProbe> = {}): TwilioProbe => ({
  conversationsService: async () => ({ friendlyName: "Flex Chat Service" }),
  address: async () => ({ type: "webchat", friendlyName: "Web chat" }),
  ...overrides,
});

const errors = (findings: { level: string; text: string }[]) =>
  findings.filter((f) => f.level === "error").map((f) => f.text);

describe("npm run doctor", () => {
  it("passes a complete configuration that Twilio confirms", async () => {
    const findings = await diagnose(good, probe());
    expect(errors(findings)).toEqual([]);
    expect(findings.map((f) => f.text)).toContain('Address "Web chat" is a web chat address');
  });

  it("names malformed SIDs by prefix and the IS/IG mix-up, and says where to find missing ones", async () => {
    const findings = await diagnose({ ...good, TWILIO_FLEX_ADDRESS_SID: good.TWILIO_CONVERSATIONS_SERVICE_SID, TWILIO_API_KEY_SID: "AC123" });
    expect(errors(findings).join("\n")).toMatch(/TWILIO_API_KEY_SID must be an API Key SID: "SK" followed by 32 hex/);
    expect(errors(findings).join("\n")).toMatch(/TWILIO_FLEX_ADDRESS_SID .*not the "IS…" service SID/);
    const missing = await diagnose({ SESSION_SECRET: good.SESSION_SECRET, TWILIO_ACCOUNT_SID: good.TWILIO_ACCOUNT_SID });
    expect(errors(missing).join("\n")).toMatch(/TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, .* are missing/);
    expect(missing.map((f) => f.text).join("\n")).toMatch(/TWILIO_FLEX_ADDRESS_SID is not set: .*Conversations Addresses/);
  });

  it("says whether chat-start limits are shared between instances", async () => {
    const texts = async (vars: Record<string, string>) => (await diagnose(vars, probe())).map((f) => `${f.level}: ${f.text}`);
    expect(await texts(good)).toContainEqual(expect.stringMatching(/^warn: REDIS_URL is not set/));
    expect(await texts({ ...good, REDIS_URL: "redis://127.0.0.1:6379" })).toContain(
      "ok: Chat-start limits are shared through Redis (REDIS_URL)",
    );
  });

  it("reports the embedding allow-list and warns about plain-HTTP sites", async () => {
    const texts = (await diagnose({ ...good, EMBED_ALLOWED_ORIGINS: "https://shop.example.com,http://blog.example.com" }, probe())).map(
      (f) => `${f.level}: ${f.text}`,
    );
    expect(texts).toContainEqual(expect.stringMatching(/^ok: Embedding allowed for https:\/\/shop\.example\.com, http:\/\/blog\.example\.com/));
    expect(texts).toContainEqual(expect.stringMatching(/^warn: EMBED_ALLOWED_ORIGINS lists http:\/\/blog\.example\.com over plain HTTP/));
  });

  it("requires a long session secret for production", async () => {
    expect(errors(await diagnose({ ...good, SESSION_SECRET: "short" }))).toEqual([
      "SESSION_SECRET must be at least 32 characters (make one with: openssl rand -base64 32)",
    ]);
  });

  it("reports what Twilio says about the credentials and SIDs", async () => {
    const unauthorized = await diagnose(good, probe({ conversationsService: async () => Promise.reject({ status: 401 }) }));
    expect(errors(unauthorized)[0]).toMatch(/refused the API key \(401, code 20003\)/);
    const unknownAddress = await diagnose(good, probe({ address: async () => Promise.reject({ status: 404 }) }));
    expect(errors(unknownAddress)[0]).toMatch(/TWILIO_FLEX_ADDRESS_SID: Twilio does not know this SID/);
    const smsAddress = await diagnose(good, probe({ address: async () => ({ type: "sms", friendlyName: "SMS" }) }));
    expect(errors(smsAddress)[0]).toMatch(/"sms" address, not a "webchat" one/);
    const offline = await diagnose(good, probe({ conversationsService: async () => Promise.reject(new Error("ENOTFOUND")) }));
    expect(errors(offline)[0]).toMatch(/could not be reached/);
  });

  it("refuses the test-only Twilio origin in a deployment", async () => {
    const findings = await diagnose({ ...good, TWILIO_TEST_API_ORIGIN: "http://127.0.0.1:4010/" });
    expect(errors(findings)).toEqual(["TWILIO_TEST_API_ORIGIN is set: it is for tests only; remove it in production"]);
  });
});
