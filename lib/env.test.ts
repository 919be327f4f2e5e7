import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_VARIABLES, EnvError, parseEnv } from "@/lib/env";

const twilio = {
  TWILIO_ACCOUNT_SID: "AC" + "a".repeat(32),
  TWILIO_API_KEY_SID: "SK" + "b".repeat(32),
  TWILIO_API_KEY_SECRET: "s".repeat(32),
  TWILIO_CONVERSATIONS_SERVICE_SID: "IS" + "c".repeat(32),
  TWILIO_FLEX_ADDRESS_SID: "IG" + "d".repeat(32),
};

function problems(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv", () => {
  it("sends transcripts in the sandbox through its own mailbox, to a webhook at this server or PUBLIC_URL", () => {
    expect(parseEnv({}).transcripts).toBeNull(); // a bare `next dev`: no way for the webhook to reach the app
    expect(parseEnv({ WEBCHAT_SELF_ORIGIN: "http://127.0.0.1:3000" }).transcripts).toEqual({
      from: "Chat transcripts <transcripts@sandbox.invalid>",
      smtpUrl: undefined,
      webhookOrigin: "http://127.0.0.1:3000",
    });
    expect(
      parseEnv({ WEBCHAT_SELF_ORIGIN: "http://127.0.0.1:3000", PUBLIC_URL: "https://chat.example.com" }).transcripts
        ?.webhookOrigin,
    ).toBe("https://chat.example.com");
  });

  it("needs SMTP_URL, TRANSCRIPT_FROM, TWILIO_AUTH_TOKEN and PUBLIC_URL together for transcripts with Twilio", () => {
    expect(parseEnv({ ...twilio, WEBCHAT_SELF_ORIGIN: "http://127.0.0.1:3000" }).transcripts).toBeNull();
    expect(problems({ ...twilio, SMTP_URL: "smtps://u:p@smtp.example.com:465" })).toMatch(
      /TRANSCRIPT_FROM is missing[\s\S]*TWILIO_AUTH_TOKEN is missing[\s\S]*PUBLIC_URL is missing/,
    );
    expect(problems({ ...twilio, TRANSCRIPT_FROM: "support@example.com" })).toContain("SMTP_URL is missing");
    const env = parseEnv({
      ...twilio,
      TWILIO_AUTH_TOKEN: "f".repeat(32),
      SMTP_URL: "smtps://u:p@smtp.example.com:465",
      TRANSCRIPT_FROM: "Example Support <support@example.com>",
      PUBLIC_URL: "https://chat.example.com",
    });
    expect(env.transcripts).toEqual({
      from: "Example Support <support@example.com>",
      smtpUrl: "smtps://u:p@smtp.example.com:465",
      webhookOrigin: "https://chat.example.com",
    });
  });

  it("refuses a Twilio region other than us1, where Flex alone runs, and keeps any edge", () => {
    expect(problems({ ...twilio, TWILIO_REGION: "ie1" })).toMatch(
      /TWILIO_REGION must be "us1" or left empty: .*US1 region only/,
    );
    expect(problems({ ...twilio, TWILIO_REGION: "au1" })).toContain("TWILIO_REGION");
    const env = parseEnv({ ...twilio, TWILIO_REGION: "us1", TWILIO_EDGE: "dublin" });
    expect(env.mode === "twilio" && env.twilio).toMatchObject({ region: "us1", edge: "dublin" });
    const edgeOnly = parseEnv({ ...twilio, TWILIO_EDGE: "sydney" });
    expect(edgeOnly.mode === "twilio" && edgeOnly.twilio).toMatchObject({ edge: "sydney" });
  });

  it("says at start what a host without server.mjs turns off, and keeps the SDK client only where its socket is served", () => {
    const bare = parseEnv({ SANDBOX_CLIENT: "sdk" });
    expect(bare.hosting).toBe("other");
    expect(bare.mode === "sandbox" && bare.sandboxClient).toBe("sse");
    expect(bare.hostingNotes).toEqual([
      "This server runs without server.mjs (next start, or Next's standalone server), so a visitor's address cannot be known: chat starts are limited site-wide only. Start it with npm start.",
      "SANDBOX_CLIENT=sdk needs the SDK's websocket, which only npm start and npm run dev serve: visitors get the sandbox's own client instead.",
      'Transcript emails are off: the sandbox posts its "chat ended" webhook to PUBLIC_URL, or to npm start\'s own address. Set PUBLIC_URL to turn them on.',
    ]);
    const served = parseEnv({
      SANDBOX_CLIENT: "sdk",
      WEBCHAT_SERVER: "server.mjs",
      WEBCHAT_SELF_ORIGIN: "http://127.0.0.1:3000",
    });
    expect([served.hosting, served.mode === "sandbox" && served.sandboxClient, served.hostingNotes]).toEqual([
      "server.mjs",
      "sdk",
      [],
    ]);
    const vercel = parseEnv({ VERCEL: "1", PUBLIC_URL: "https://chat.example.com" });
    expect([vercel.hosting, vercel.hostingNotes]).toEqual(["vercel", []]);
  });

  it("names a malformed mail or public address", () => {
    expect(problems({ SMTP_URL: "http://smtp.example.com" })).toContain("SMTP_URL must be an smtp:// or smtps:// URL");
    expect(problems({ TRANSCRIPT_FROM: "Support <not an address>" })).toContain(
      "TRANSCRIPT_FROM must be an email address",
    );
    expect(problems({ PUBLIC_URL: "https://chat.example.com/chat" })).toContain("PUBLIC_URL must be an origin only");
    expect(problems({ PUBLIC_URL: "ftp://chat.example.com" })).toContain("PUBLIC_URL must be the app's public address");
  });

  it("runs the sandbox when no Twilio variable is set, with defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ mode: "sandbox", sandboxDatabase: ".data/sandbox.sqlite", tokenTtl: 3600 });
  });

  it("has every variable it reads documented in .env.example", () => {
    const documented = new Set(
      readFileSync(path.join(__dirname, "../.env.example"), "utf8")
        .split("\n")
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    expect(ALL_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
    expect(ALL_VARIABLES).toContain("EMBED_ALLOWED_ORIGINS");
  });

  it("treats empty values (a copied .env.example) as unset", () => {
    expect(parseEnv({ TWILIO_ACCOUNT_SID: "", SESSION_SECRET: "" }).mode).toBe("sandbox");
  });

  it("runs on Twilio when every Twilio variable is set", () => {
    const env = parseEnv(twilio);
    expect(env.mode).toBe("twilio");
    if (env.mode === "twilio") expect(env.twilio.flexAddressSid).toBe(twilio.TWILIO_FLEX_ADDRESS_SID);
  });

  it("names the missing variables when only some are set", () => {
    const message = problems({
      TWILIO_ACCOUNT_SID: twilio.TWILIO_ACCOUNT_SID,
      TWILIO_API_KEY_SID: twilio.TWILIO_API_KEY_SID,
    });
    expect(message).toMatch(
      /TWILIO_API_KEY_SECRET, TWILIO_CONVERSATIONS_SERVICE_SID, TWILIO_FLEX_ADDRESS_SID are missing/,
    );
  });

  it("names a malformed SID, and explains the IS/IG mix-up", () => {
    const message = problems({ ...twilio, TWILIO_FLEX_ADDRESS_SID: twilio.TWILIO_CONVERSATIONS_SERVICE_SID });
    expect(message).toMatch(/TWILIO_FLEX_ADDRESS_SID must be a Conversations Address SID/);
    expect(message).toMatch(/not the "IS…" service SID/);
  });

  it("requires a long SESSION_SECRET in production", () => {
    expect(problems({ NODE_ENV: "production" })).toMatch(/SESSION_SECRET is required in production/);
    expect(problems({ NODE_ENV: "production", SESSION_SECRET: "short" })).toMatch(/SESSION_SECRET must be at least 32/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).sessionSecrets).toEqual({
      1: "x".repeat(32),
    });
  });

  it("takes numbered secrets for rotation, each long enough", () => {
    const secrets = parseEnv({ SESSION_SECRET: `2:${"n".repeat(32)}, 1:${"o".repeat(40)}` }).sessionSecrets;
    expect(secrets).toEqual({ 2: "n".repeat(32), 1: "o".repeat(40) });
    expect(problems({ SESSION_SECRET: `2:${"n".repeat(32)},1:short` })).toMatch(
      /SESSION_SECRET \(secret 1\) must be at least 32/,
    );
    expect(problems({ SESSION_SECRET: `${"n".repeat(32)},${"o".repeat(32)}` })).toMatch(
      /must list rotated secrets as "2:<new>,1:<old>"/,
    );
  });

  it("bounds the token TTL by Twilio's 24-hour limit", () => {
    expect(problems({ TWILIO_TOKEN_TTL: "90000" })).toMatch(/TWILIO_TOKEN_TTL must be at most 86400/);
    expect(parseEnv({ TWILIO_TOKEN_TTL: "600" }).tokenTtl).toBe(600);
  });

  it("reads chat start limits as count/seconds, with defaults for production and for development", () => {
    const production = { NODE_ENV: "production", SESSION_SECRET: "s".repeat(32) };
    expect(parseEnv(production).chatLimits).toEqual({
      perIp: 5,
      perIpWindowSeconds: 600,
      global: 60,
      globalWindowSeconds: 60,
    });
    // `npm run dev`: a developer starting chat after chat is not refused, but the limiter still counts.
    expect(parseEnv({ NODE_ENV: "development" }).chatLimits).toEqual({
      perIp: 200,
      perIpWindowSeconds: 600,
      global: 600,
      globalWindowSeconds: 60,
    });
    expect(
      parseEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), CHAT_START_LIMIT_PER_IP: "2/60" }).chatLimits
        .perIp,
    ).toBe(2);
    expect(parseEnv({ CHAT_START_LIMIT_PER_IP: "3/60" }).chatLimits.perIp).toBe(3);
    expect(problems({ CHAT_START_LIMIT_GLOBAL: "lots" })).toMatch(/CHAT_START_LIMIT_GLOBAL must be "count\/seconds"/);
  });

  it("reads the origins allowed to embed the chat, and refuses paths and other schemes", () => {
    expect(parseEnv({}).embedOrigins).toEqual([]);
    expect(
      parseEnv({ EMBED_ALLOWED_ORIGINS: "https://shop.example.com, http://localhost:8080/" }).embedOrigins,
    ).toEqual(["https://shop.example.com", "http://localhost:8080"]);
    expect(problems({ EMBED_ALLOWED_ORIGINS: "https://shop.example.com/help" })).toMatch(
      /EMBED_ALLOWED_ORIGINS "https:\/\/shop.example.com\/help" is not an origin/,
    );
    expect(problems({ EMBED_ALLOWED_ORIGINS: "shop.example.com" })).toMatch(/is not an origin/);
    expect(problems({ EMBED_ALLOWED_ORIGINS: "ftp://shop.example.com" })).toMatch(/is not an origin/);
  });

  it("requires a long known-visitor context secret when one is set", () => {
    expect(parseEnv({}).contextSecret).toBeUndefined();
    expect(problems({ PRE_ENGAGEMENT_CONTEXT_SECRET: "short" })).toMatch(
      /PRE_ENGAGEMENT_CONTEXT_SECRET must be at least 32/,
    );
    expect(parseEnv({ PRE_ENGAGEMENT_CONTEXT_SECRET: "k".repeat(32) }).contextSecret).toBe("k".repeat(32));
  });

  it("reads operating hours, naming a bad rule", () => {
    expect(parseEnv({}).hours).toBeNull();
    expect(parseEnv({ OPERATING_HOURS: "UTC; mon-fri 09:00-17:00" }).hours?.days[1]).toEqual(["09:00", "17:00"]);
    expect(problems({ OPERATING_HOURS: "UTC; someday 9-5" })).toMatch(/OPERATING_HOURS "someday 9-5" is not a rule/);
  });

  it("takes a redis:// or rediss:// URL for shared limits, and nothing else", () => {
    expect(parseEnv({}).redisUrl).toBeUndefined();
    expect(parseEnv({ REDIS_URL: "rediss://default:pw@cache.example.com:6380" }).redisUrl).toBe(
      "rediss://default:pw@cache.example.com:6380",
    );
    expect(problems({ REDIS_URL: "http://cache.example.com" })).toMatch(
      /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(problems({ REDIS_URL: "localhost:6379" })).toMatch(/REDIS_URL must be/);
  });
});
