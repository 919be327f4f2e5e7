// Long on purpose: the one place every variable is named, validated and explained (in .env.example's words); split,
// the rules across variables (Twilio mode needs all of its own, say) would have to reach across files.
import "server-only";
import { parse, toSeconds } from "iso8601-duration";
import { parseProxyTrust, type ProxyTrust } from "@/lib/proxy-trust.mjs";
import { parseConnectionsPerAddress } from "@/lib/server-limits.mjs";
import { z } from "zod";
import { parseHours, type Hours } from "@/lib/hours";
import { widgetConfig } from "@/lib/widget-config";
import { DEFAULT_ATTACHMENT_POLICY, type AttachmentPolicy } from "@/lib/chat/attachments";
import { FLEX_WEB_ATTACHMENTS, FLEX_WEB_ATTACHMENT_TYPES } from "@/lib/flex-limits";
import { isLoopbackOrigin } from "@/lib/loopback";
import type { ChatLimits } from "@/lib/rate-limit";

/** The sender of transcripts from the sandbox's mailbox when TRANSCRIPT_FROM is not set. */
export const SANDBOX_TRANSCRIPT_FROM = "Chat transcripts <transcripts@sandbox.invalid>";

/** Every variable that configures real Twilio. All set → Twilio mode; none set → the embedded sandbox. */
export const TWILIO_VARIABLES = [
  "TWILIO_ACCOUNT_SID",
  "TWILIO_API_KEY_SID",
  "TWILIO_API_KEY_SECRET",
  "TWILIO_CONVERSATIONS_SERVICE_SID",
  "TWILIO_FLEX_ADDRESS_SID",
] as const;

const sid = (prefix: string, what: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${what}: "${prefix}" followed by 32 hex characters`);

const twilioSchema = z.object({
  TWILIO_ACCOUNT_SID: sid("AC", "an Account SID"),
  TWILIO_API_KEY_SID: sid("SK", "an API Key SID"),
  TWILIO_API_KEY_SECRET: z
    .string()
    .trim()
    .length(32, "must be the API Key's secret: 32 characters, shown once when the key is made"),
  TWILIO_CONVERSATIONS_SERVICE_SID: sid("IS", "a Conversations Service SID"),
  TWILIO_FLEX_ADDRESS_SID: sid(
    "IG",
    'a Conversations Address SID (Flex Console → Messaging → Conversations Addresses; not the "IS…" service SID)',
  ),
});

const twilioOptionalSchema = z.object({
  TWILIO_AUTH_TOKEN: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, "must be the Account's Auth Token: 32 hex characters")
    .optional(),
  // Flex runs in US1 alone (Twilio, "Regional product availability" and "Use Studio with Twilio Regions": Send to Flex
  // is not available in IE1, and Conversations chat is not offered in AU1), so another region could never reach an
  // agent. An edge (TWILIO_EDGE) is only the way in, and stays free.
  TWILIO_REGION: z
    .string()
    .trim()
    .refine(
      (region) => region === "us1",
      'must be "us1" or left empty: Twilio offers Flex in the US1 region only (IE1 has no Send to Flex, AU1 no Conversations chat)',
    )
    .optional(),
  TWILIO_EDGE: z
    .string()
    .trim()
    .regex(/^[a-z-]+$/, 'must be a Twilio edge location such as "ashburn", "dublin" or "sydney"')
    .optional(),
  // Tests only: send Twilio REST calls to a loopback stand-in (a Prism mock of Twilio's OpenAPI documents).
  TWILIO_TEST_API_ORIGIN: z
    .string()
    .trim()
    .refine(isLoopbackOrigin, "must be a loopback origin such as http://127.0.0.1:4010/ (it is for tests only)")
    .optional(),
});

/** "count/seconds", e.g. "5/600": at most 5 within 10 minutes. */
/**
 * Chat starts allowed, as [count, seconds], when not configured. Production: a few per visitor (each chat is a Flex
 * task that costs money). Elsewhere: a developer restarts chats all day from one address, and is never told "You've
 * started several chats" by `npm run dev` — the limiter still runs, sized for that.
 */
export const CHAT_START_LIMITS = {
  production: { perIp: [5, 600], global: [60, 60] },
  development: { perIp: [200, 600], global: [600, 60] },
} as const;

/** Transcript requests allowed per client address, as [count, seconds], when not configured: ten a day. */
export const TRANSCRIPT_REQUEST_LIMITS = {
  production: [10, 24 * 3600],
  development: [200, 24 * 3600],
} as const;

function chatLimits(nodeEnv: string, perIp?: [number, number], global?: [number, number]) {
  const defaults = nodeEnv === "production" ? CHAT_START_LIMITS.production : CHAT_START_LIMITS.development;
  const [ipCount, ipSeconds] = perIp ?? defaults.perIp;
  const [globalCount, globalSeconds] = global ?? defaults.global;
  return { perIp: ipCount, perIpWindowSeconds: ipSeconds, global: globalCount, globalWindowSeconds: globalSeconds };
}

/**
 * A variable server.mjs reads before the app exists, with its own plain-JavaScript parser: checked here too, so a bad
 * value is reported with the others at start (the parser's sentence, without the variable's name it starts with).
 */
function serverSetting<T>(name: string, parse: (value: string) => T) {
  return z
    .string()
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message.replace(new RegExp(`^${name} `), "") });
        return z.NEVER;
      }
    })
    .optional();
}

const rate = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be "count/seconds", e.g. 5/600')
  .transform((value) => value.split("/").map(Number) as [number, number])
  .refine(([count, seconds]) => count > 0 && seconds > 0, "must have a count and a window above 0");

/** An ISO 8601 duration of at least `min` seconds (Twilio's minimum for that conversation timer). */
const isoDuration = (min: number, label: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return toSeconds(parse(value)) >= min;
      } catch {
        return false;
      }
    }, `must be an ISO 8601 duration of at least ${label} (Twilio's minimum), e.g. PT30M`);

const MAX_TOKEN_TTL = 86_400; // Twilio refuses access tokens that live longer than 24 hours.

const commonSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // One secret, or numbered secrets to rotate ("2:new…,1:old…"): the highest number seals, all of them unseal.
  // A lone secret is number 1, so a first rotation is simply "2:<new>,1:<current>".
  SESSION_SECRET: z
    .string()
    .transform((value, ctx) => {
      const entries = value.split(",").map((part) => part.trim());
      const secrets: Record<number, string> = {};
      for (const entry of entries) {
        const match = /^(\d{1,6}):(.*)$/s.exec(entry);
        if (!match && entries.length > 1) {
          ctx.addIssue({ code: "custom", message: 'must list rotated secrets as "2:<new>,1:<old>"' });
          return z.NEVER;
        }
        const [id, secret] = match ? [Number(match[1]), match[2]!] : [1, entry];
        if (secret.length < 32) {
          ctx.addIssue({
            code: "custom",
            message: `${entries.length > 1 ? `(secret ${id}) ` : ""}must be at least 32 characters (make one with: openssl rand -base64 32)`,
          });
          return z.NEVER;
        }
        secrets[id] = secret;
      }
      return secrets;
    })
    .optional(),
  TWILIO_TOKEN_TTL: z.coerce
    .number()
    .int("must be a whole number of seconds")
    .min(60, "must be at least 60 seconds")
    .max(MAX_TOKEN_TTL, `must be at most ${MAX_TOKEN_TTL} seconds (Twilio's 24-hour limit)`)
    .default(3600),
  SANDBOX_DATABASE: z.string().min(1).default(".data/sandbox.sqlite"),
  // Flex web chat takes files of at most 16,777,216 bytes (16 MiB), of its own types only ("File Attachments and API
  // Limits"): a larger limit or another type would let a visitor pick a file Flex refuses.
  ATTACHMENT_MAX_MB: z.coerce
    .number()
    .positive("must be a positive number of megabytes")
    .max(FLEX_WEB_ATTACHMENTS.maxBytes / 1024 / 1024, "must be at most 16: Flex web chat takes files up to 16 MB")
    .default(10),
  ATTACHMENT_TYPES: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+(,\s*[a-z]+\/[a-z0-9.+-]+)*$/, "must be a comma-separated list of MIME types")
    .refine(
      (types) => types.split(",").every((type) => type.trim() in FLEX_WEB_ATTACHMENT_TYPES),
      `may list only types Flex web chat takes: ${Object.keys(FLEX_WEB_ATTACHMENT_TYPES).join(", ")}`,
    )
    .optional(),
  AGENT_NAMES: z.enum(["friendly", "generic"]).default("friendly"),
  AGENT_CONSOLE_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  // Defaults by NODE_ENV (CHAT_START_LIMITS below): unset here.
  CHAT_START_LIMIT_PER_IP: rate.optional(),
  CHAT_START_LIMIT_GLOBAL: rate.optional(),
  // Chats started with a transcript asked for, per client address; default by NODE_ENV (TRANSCRIPT_REQUEST_LIMITS).
  TRANSCRIPT_LIMIT_PER_IP: rate.optional(),
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const entry of value
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        let origin: string | undefined;
        try {
          origin = new URL(entry).origin;
        } catch {
          // Reported below.
        }
        if (!origin || origin === "null" || origin !== entry.replace(/\/$/, "") || !/^https?:/.test(origin)) {
          ctx.addIssue({
            code: "custom",
            message: `"${entry}" is not an origin like https://www.example.com (scheme, host, optional port; no path)`,
          });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    })
    .optional(),
  PRE_ENGAGEMENT_CONTEXT_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (make one with: openssl rand -base64 32)")
    .optional(),
  OPERATING_HOURS: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseHours(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    })
    .optional(),
  // No one is answering now, whatever the hours say: the form becomes "Leave us a message".
  CHAT_AWAY: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .transform((value) => value === "true")
    .optional(),
  // How long an agent's reply may stay unread before it is emailed (to visitors who ticked the box).
  MISSED_REPLY_EMAIL_AFTER: z
    .string()
    .trim()
    .refine((value) => {
      try {
        return toSeconds(parse(value)) >= 60;
      } catch {
        return false;
      }
    }, "must be an ISO 8601 duration of at least 1 minute, e.g. PT10M")
    .default("PT10M"),
  // Conversation timers set on every chat the app starts (Flex's best practice: close chats nobody ends).
  CHAT_INACTIVE_AFTER: isoDuration(60, "1 minute").default("PT15M"),
  CHAT_CLOSED_AFTER: isoDuration(600, "10 minutes").default("PT2H"),
  // Sandbox only, for tests and demos: conversation timers run this many times faster than real time.
  SANDBOX_CLOCK_SPEED: z.coerce.number().min(1, "must be 1 or more").max(100_000).default(1),
  // Sandbox only: the browser's client — the light SSE one (default), or the real @twilio/conversations SDK over the
  // sandbox's twilsock endpoint (lib/sandbox/twilsock), as in Twilio mode.
  SANDBOX_CLIENT: z.enum(["sse", "sdk"], { message: 'must be "sse" or "sdk"' }).default("sse"),
  // Sandbox only: a Studio flow exported from the site owner's account (a JSON file's path), run for every web chat
  // instead of a new account's Trigger → Send to Flex (docs/studio.md). The file is checked at start
  // (lib/startup.ts), so a widget outside the sandbox's subset stops the server with its name.
  SANDBOX_STUDIO_FLOW: z.string().trim().optional(),
  // Who may tell the app a client's address and the public origin (read by server.mjs; validated here too).
  TRUST_PROXY: serverSetting("TRUST_PROXY", parseProxyTrust),
  // Open connections per client address (read by server.mjs; validated here too).
  MAX_CONNECTIONS_PER_IP: serverSetting("MAX_CONNECTIONS_PER_IP", parseConnectionsPerAddress),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" })
    .optional(),
  // Where the app is reached from outside, e.g. https://chat.example.com: the address of the webhooks it registers.
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be the app's public address, e.g. https://chat.example.com" })
    .transform((value, ctx) => {
      const url = new URL(value);
      if (url.pathname !== "/" || url.search || url.hash) {
        ctx.addIssue({
          code: "custom",
          message: "must be an origin only (scheme, host, optional port; no path), e.g. https://chat.example.com",
        });
        return z.NEVER;
      }
      return url;
    })
    .optional(),
  // Transcript emails: the SMTP server that sends them and their sender.
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465",
    })
    .optional(),
  TRANSCRIPT_FROM: z
    .string()
    .trim()
    .max(254, "must be at most 254 characters")
    .refine((value) => {
      const address = /^[^<>]*<([^<>\s]+)>$/.exec(value)?.[1] ?? value;
      return z.email().safeParse(address).success;
    }, 'must be an email address, or a name and one: "Example Support <support@example.com>"')
    .optional(),
});

/** Every variable the app reads (NODE_ENV aside, which the platform sets): .env.example documents each one. */
export const ALL_VARIABLES = [
  ...Object.keys(twilioSchema.shape),
  ...Object.keys(twilioOptionalSchema.shape),
  ...Object.keys(commonSchema.shape).filter((name) => name !== "NODE_ENV"),
];

export type TwilioSettings = {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  conversationsServiceSid: string;
  flexAddressSid: string;
  /** Optional: used for the Flex WebChats call when set. */
  authToken?: string;
  region?: string;
  edge?: string;
  /** Tests only: a loopback origin standing in for Twilio's REST API. */
  testApiOrigin?: string;
};

export type Hosting = "server.mjs" | "vercel" | "other";

export type Env = {
  nodeEnv: "development" | "production" | "test";
  attachments: AttachmentPolicy;
  /** Show agents by their friendly name, or always as "Agent" so internal names never reach visitors. */
  agentNames: "friendly" | "generic";
  /** How many chats may start, per client IP and for the whole site, within their windows. */
  chatLimits: ChatLimits;
  /** Other sites that may embed the chat (frame-ancestors, the embed API); the session cookie then works in their
   * iframes (SameSite=None; Secure; Partitioned). Empty: only this site. */
  embedOrigins: string[];
  /** Shared with embedding sites' servers to sign what they know about a visitor (lib/visitor-context.ts). */
  contextSecret: string | undefined;
  /** When agents answer (OPERATING_HOURS, else lib/widget-config.ts); null: always. */
  hours: Hours | null;
  /** CHAT_AWAY: no one answers now, whatever the hours say. */
  away: boolean;
  /** Where the chat-start limits and once-only claims (a transcript's send) live when several instances share them. */
  redisUrl: string | undefined;
  /** A host known to run several instances of the app at once (Vercel), or null where none is detected. */
  multiInstanceHost: string | null;
  /**
   * What serves requests: `server.mjs` (`npm start`, `npm run dev`: it reduces forwarded headers to the one client
   * address TRUST_PROXY allows, and serves the SDK's websocket), Vercel (which sets X-Forwarded-For itself), or
   * anything else (`next start`, Next's standalone server), where a client's address cannot be known.
   */
  hosting: Hosting;
  /** What this host turns off, one sentence each, said at start (lib/startup.ts). */
  hostingNotes: string[];
  /** The sandbox agent console's password (user "agent"); in production the console is closed without one. */
  agentConsolePassword: string | undefined;
  /** By rotation number (highest seals). Undefined only outside production: lib/session/secret.ts makes one. */
  sessionSecrets: Record<number, string> | undefined;
  tokenTtl: number;
  /** Conversation timers (ISO 8601 durations) set on every chat the app starts. */
  chatTimers: { inactive: string; closed: string };
  /** How long an agent's reply stays unread before it is emailed, in seconds (of the sandbox's clock there). */
  missedReplyAfterSeconds: number;
  /** Which forwarded headers are facts (lib/proxy-trust.mjs; applied by server.mjs to every request). */
  trustProxy: ProxyTrust;
  /** PUBLIC_URL: the app's origin as the outside world reaches it. */
  publicUrl: URL | undefined;
  /**
   * Transcript emails, or null where none can be sent. `smtpUrl` unset: the sandbox's own mailbox (sandbox mode).
   * `webhookOrigin`: where the webhook that says a chat ended is sent (PUBLIC_URL; in the sandbox, else this server
   * itself as server.mjs reaches it).
   */
  transcripts: { from: string; smtpUrl?: string; webhookOrigin: string } | null;
  /** Chats started with a transcript asked for, per client address, within the window. */
  transcriptRequestLimit: { count: number; windowSeconds: number };
} & (
  | { mode: "twilio"; twilio: TwilioSettings }
  | {
      mode: "sandbox";
      sandboxDatabase: string;
      sandboxClockSpeed: number;
      sandboxClient: "sse" | "sdk";
      /** SANDBOX_STUDIO_FLOW: an exported flow's path; absent: a new account's Trigger → Send to Flex. */
      studioFlowPath?: string;
    }
);

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
}

/**
 * The sandbox always has its own mailbox; Twilio mode sends only with an SMTP server configured (parseEnv has
 * checked that it has what it needs). The webhook that says a chat ended must reach the app: at PUBLIC_URL, or in the
 * sandbox at this server itself (server.mjs sets WEBCHAT_SELF_ORIGIN; a bare `next dev` has no transcripts).
 */
function transcriptSettings(
  vars: { SMTP_URL?: string; TRANSCRIPT_FROM?: string; PUBLIC_URL?: URL },
  twilio: TwilioSettings | undefined,
  selfOrigin: string | undefined,
): Env["transcripts"] {
  if (twilio && !vars.SMTP_URL) return null;
  const webhookOrigin = vars.PUBLIC_URL?.origin ?? (twilio ? undefined : selfOrigin);
  if (!webhookOrigin) return null;
  return { from: vars.TRANSCRIPT_FROM ?? SANDBOX_TRANSCRIPT_FROM, smtpUrl: vars.SMTP_URL, webhookOrigin };
}

/** Pure: reads the given variables, never process.env, so tests can feed it anything. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value means "unset", as in a copied .env.example.
  const vars = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const problems: string[] = [];

  const common = commonSchema.safeParse(vars);
  if (!common.success) problems.push(...describe(common.error));

  const present = TWILIO_VARIABLES.filter((name) => name in vars);
  let twilio: TwilioSettings | undefined;
  if (present.length > 0 && present.length < TWILIO_VARIABLES.length) {
    const missing = TWILIO_VARIABLES.filter((name) => !(name in vars));
    problems.push(
      `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing: set all Twilio variables for Twilio mode, or none for the sandbox`,
    );
  } else if (present.length === TWILIO_VARIABLES.length) {
    const parsed = twilioSchema.safeParse(vars);
    const optional = twilioOptionalSchema.safeParse(vars);
    if (!optional.success) problems.push(...describe(optional.error));
    if (parsed.success && optional.success) {
      twilio = {
        authToken: optional.data.TWILIO_AUTH_TOKEN,
        region: optional.data.TWILIO_REGION,
        edge: optional.data.TWILIO_EDGE,
        testApiOrigin: optional.data.TWILIO_TEST_API_ORIGIN,
        accountSid: parsed.data.TWILIO_ACCOUNT_SID,
        apiKeySid: parsed.data.TWILIO_API_KEY_SID,
        apiKeySecret: parsed.data.TWILIO_API_KEY_SECRET,
        conversationsServiceSid: parsed.data.TWILIO_CONVERSATIONS_SERVICE_SID,
        flexAddressSid: parsed.data.TWILIO_FLEX_ADDRESS_SID,
      };
    } else if (!parsed.success) {
      problems.push(...describe(parsed.error));
    }
  }

  if (common.success && common.data.NODE_ENV === "production" && !common.data.SESSION_SECRET) {
    problems.push("SESSION_SECRET is required in production (make one with: openssl rand -base64 32)");
  }

  if (common.success) {
    const { SMTP_URL, TRANSCRIPT_FROM, PUBLIC_URL } = common.data;
    if (SMTP_URL && !TRANSCRIPT_FROM) {
      problems.push(
        'TRANSCRIPT_FROM is missing: SMTP_URL needs a sender for transcript emails, e.g. "Example Support <support@example.com>"',
      );
    }
    if (twilio && SMTP_URL) {
      // Twilio tells the app a chat ended through a webhook, which the app must be able to receive and check.
      if (!twilio.authToken)
        problems.push(
          "TWILIO_AUTH_TOKEN is missing: with SMTP_URL it checks the signature of Twilio's webhook that says a chat ended",
        );
      if (!PUBLIC_URL)
        problems.push(
          "PUBLIC_URL is missing: with SMTP_URL, Twilio sends the webhook that says a chat ended to this address",
        );
    }
    if (twilio && TRANSCRIPT_FROM && !SMTP_URL)
      problems.push("SMTP_URL is missing: TRANSCRIPT_FROM needs an SMTP server to send from");
  }

  if (problems.length > 0 || !common.success) throw new EnvError(problems);

  // server.mjs marks the process it starts; Vercel marks its deployments.
  const hosting: Hosting =
    source.WEBCHAT_SERVER === "server.mjs" ? "server.mjs" : source.VERCEL === "1" ? "vercel" : "other";
  const notes: string[] = [];
  if (hosting === "other") {
    notes.push(
      "This server runs without server.mjs (next start, or Next's standalone server), so a visitor's address cannot be known: chat starts are limited site-wide only. Start it with npm start.",
    );
  }
  let sandboxClient = common.success ? common.data.SANDBOX_CLIENT : "sse";
  if (!twilio && sandboxClient === "sdk" && hosting !== "server.mjs") {
    sandboxClient = "sse";
    notes.push(
      "SANDBOX_CLIENT=sdk needs the SDK's websocket, which only npm start and npm run dev serve: visitors get the sandbox's own client instead.",
    );
  }
  if (!twilio && common.success && !common.data.PUBLIC_URL && !source.WEBCHAT_SELF_ORIGIN) {
    notes.push(
      'Transcript emails are off: the sandbox posts its "chat ended" webhook to PUBLIC_URL, or to npm start\'s own address. Set PUBLIC_URL to turn them on.',
    );
  }
  const base = {
    nodeEnv: common.data.NODE_ENV,
    attachments: {
      ...DEFAULT_ATTACHMENT_POLICY,
      maxBytes: Math.round(common.data.ATTACHMENT_MAX_MB * 1024 * 1024),
      types: common.data.ATTACHMENT_TYPES?.split(",").map((t) => t.trim()) ?? DEFAULT_ATTACHMENT_POLICY.types,
    },
    agentNames: common.data.AGENT_NAMES,
    agentConsolePassword: common.data.AGENT_CONSOLE_PASSWORD,
    chatLimits: chatLimits(
      common.data.NODE_ENV,
      common.data.CHAT_START_LIMIT_PER_IP,
      common.data.CHAT_START_LIMIT_GLOBAL,
    ),
    redisUrl: common.data.REDIS_URL,
    // Vercel sets VERCEL=1 in every deployment it runs; it serves a site from as many instances as traffic needs.
    multiInstanceHost: source.VERCEL === "1" ? "Vercel" : null,
    hosting,
    hostingNotes: notes,
    hours: common.data.OPERATING_HOURS ?? widgetConfig.hours,
    away: common.data.CHAT_AWAY ?? false,
    contextSecret: common.data.PRE_ENGAGEMENT_CONTEXT_SECRET,
    embedOrigins: common.data.EMBED_ALLOWED_ORIGINS ?? [],
    sessionSecrets: common.data.SESSION_SECRET,
    tokenTtl: common.data.TWILIO_TOKEN_TTL,
    chatTimers: { inactive: common.data.CHAT_INACTIVE_AFTER, closed: common.data.CHAT_CLOSED_AFTER },
    missedReplyAfterSeconds: toSeconds(parse(common.data.MISSED_REPLY_EMAIL_AFTER)),
    trustProxy: common.data.TRUST_PROXY ?? { kind: "off" },
    publicUrl: common.data.PUBLIC_URL,
    transcripts: transcriptSettings(common.data, twilio, source.WEBCHAT_SELF_ORIGIN),
    transcriptRequestLimit: (([count, windowSeconds]) => ({ count, windowSeconds }))(
      common.data.TRANSCRIPT_LIMIT_PER_IP ??
        TRANSCRIPT_REQUEST_LIMITS[common.data.NODE_ENV === "production" ? "production" : "development"],
    ),
  };
  return twilio
    ? { ...base, mode: "twilio", twilio }
    : {
        ...base,
        mode: "sandbox",
        sandboxDatabase: common.data.SANDBOX_DATABASE,
        sandboxClockSpeed: common.data.SANDBOX_CLOCK_SPEED,
        sandboxClient,
        studioFlowPath: common.data.SANDBOX_STUDIO_FLOW || undefined,
      };
}

/**
 * Which client the visitor's browser runs: the Conversations SDK in Twilio mode and on the sandbox with
 * SANDBOX_CLIENT=sdk (through the same adapter, lib/chat/twilio-connection.ts), else the sandbox's SSE client.
 */
export function browserBackend(env: Env): "sandbox" | "twilio" {
  return env.mode === "twilio" || env.sandboxClient === "sdk" ? "twilio" : "sandbox";
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. Throws EnvError naming every bad variable. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * What is at risk without shared state on a host that runs several instances: said at start and by `npm run doctor`.
 * Each instance would count chat starts on its own, and a retried "chat ended" webhook reaching another instance
 * would email the transcript a second time.
 */
export function sharedStateRisks(env: Pick<Env, "multiInstanceHost" | "redisUrl" | "transcripts">): string[] {
  if (!env.multiInstanceHost || env.redisUrl) return [];
  return [
    `REDIS_URL is not set on ${env.multiInstanceHost}, which runs several instances at once: each counts chat-start limits on its own` +
      (env.transcripts
        ? ", a transcript may be emailed twice when Twilio's webhook is retried on another instance, and each" +
          " instance keeps its own daily transcript counts per mailbox and per client"
        : "") +
      ". Set REDIS_URL to share them.",
  ];
}
