import type { Redis } from "ioredis";
import type { Translate } from "@/lib/pre-engagement";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { slidingWindow, type SlidingWindow } from "@/lib/rate-limit/sliding-window";

export type ChatLimits = { perIp: number; perIpWindowSeconds: number; global: number; globalWindowSeconds: number };

/** Refused: because this visitor started several chats ("visitor"), or the whole site is busy ("site"). */
export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; reason: "visitor" | "site" };

export type LimiterStore =
  | { kind: "memory" }
  /** Shared by every instance using the same Redis and prefix; falls back to memory while Redis is unreachable. */
  | { kind: "redis"; client: Redis; prefix?: string };

/** The refusal as a sentence in the visitor's language, saying when to try again. */
export function limitMessage(result: Extract<LimitResult, { ok: false }>, t: Translate): string {
  const seconds = result.retryAfterSeconds;
  const wait =
    seconds < 60 ? t("errors.seconds", { count: seconds }) : t("errors.minutes", { count: Math.ceil(seconds / 60) });
  return t(result.reason === "visitor" ? "errors.rateLimitedVisitor" : "errors.rateLimitedSite", { wait });
}

function limiter(store: LimiterStore, name: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
  if (store.kind === "memory") return memory;
  return new RateLimiterRedis({
    storeClient: store.client,
    keyPrefix: `${store.prefix ?? "flex-webchat"}:${name}`,
    points,
    duration,
    // While Redis is down, count in this process rather than fail every visitor or let everyone through.
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/**
 * Limits how often chats start — each one is a Flex task that costs money — per client IP and for the whole site, in
 * sliding windows (lib/rate-limit/sliding-window.ts). Counts in memory by default, or in Redis so that several
 * instances share one budget.
 */
export class ChatStartLimiter {
  private readonly perIp: SlidingWindow;
  private readonly global: SlidingWindow;

  constructor(limits: ChatLimits, store: LimiterStore = { kind: "memory" }) {
    this.perIp = slidingWindow(store, "chat-ip", limits.perIp, limits.perIpWindowSeconds);
    this.global = slidingWindow(store, "chat-all", limits.global, limits.globalWindowSeconds);
  }

  /** `ip` null: the client's address cannot be known here (see clientIp), so only the site-wide limit applies. */
  async check(ip: string | null): Promise<LimitResult> {
    const visitor = ip === null ? null : await this.perIp.take(ip);
    if (visitor && !visitor.ok)
      return { ok: false, retryAfterSeconds: seconds(visitor.msBeforeNext), reason: "visitor" };
    const site = await this.global.take("all");
    if (!site.ok) {
      // The visitor did nothing wrong: give back their start.
      if (visitor?.ok) await visitor.undo();
      return { ok: false, retryAfterSeconds: seconds(site.msBeforeNext), reason: "site" };
    }
    return { ok: true };
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Takes a point: false (not an error) when the key has none left. */
async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return false;
  }
}

/**
 * Something done at most once per key in a window, whoever asks: counted on the server (in Redis when configured),
 * so a replayed cookie or a second tab cannot do it again sooner.
 */
export class Cooldown {
  private readonly limiter: RateLimiterAbstract;

  constructor(store: LimiterStore, name: string, seconds: number) {
    this.limiter = limiter(store, name, 1, seconds);
  }

  /** True the first time in the window; false until it has passed. */
  take(key: string): Promise<boolean> {
    return consumed(this.limiter, key);
  }

  /** Gives the window back (the thing was not done after all). */
  async release(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/** "Keep chatting" restarts a conversation's timers at most this often. */
export const KEEP_CHATTING_EVERY_SECONDS = 30;

/** Why a transcript is not sent now: one went out already, or this address has had its share today. */
export type TranscriptClaim = { ok: true; release: () => Promise<void> } | { ok: false; reason: "sent" | "recipient" };

/** One transcript per conversation, ever; at most this many to one mailbox a day (the box is no mail cannon). */
export const TRANSCRIPTS_PER_RECIPIENT_PER_DAY = 10;
/**
 * How long "this conversation's transcript went out" is remembered: a second announcement of one close comes within
 * seconds, not weeks. Under 24.8 days, the longest timer Node can set (the in-memory store expires keys with one: a
 * longer one fires at once, and the claim would be forgotten).
 */
export const TRANSCRIPT_MEMORY_SECONDS = 14 * 24 * 3600;

/** Providers known to ignore dots in the local part (Gmail's help: "Dots don't matter in Gmail addresses"). */
const DOTLESS_DOMAINS = new Map([
  ["gmail.com", "gmail.com"],
  ["googlemail.com", "gmail.com"],
]);

/**
 * The mailbox an address reaches, as the per-recipient count sees it: case folded, a "+tag" dropped (most providers
 * deliver name+anything to name), and dots dropped where the provider ignores them. Stricter than some providers —
 * two real mailboxes may share a count — never looser.
 */
export function mailboxOf(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at).split("+")[0]!;
  let domain = trimmed.slice(at + 1);
  const dotless = DOTLESS_DOMAINS.get(domain);
  if (dotless) {
    local = local.replaceAll(".", "");
    domain = dotless;
  }
  return `${local}@${domain}`;
}

/**
 * Claims the right to send a conversation's transcript: the first claim wins, later ones (a second webhook, another
 * instance with the same Redis) are refused. A send that then fails releases its claim, so a later trigger may retry.
 * Also counts transcript requests per client address, at the chat's start.
 */
export class TranscriptLimiter {
  private readonly perConversation: RateLimiterAbstract;
  private readonly perRecipient: RateLimiterAbstract;
  private readonly perClient: RateLimiterAbstract;

  constructor(
    store: LimiterStore = { kind: "memory" },
    requests: { count: number; windowSeconds: number } = { count: 10, windowSeconds: 24 * 3600 },
  ) {
    this.perConversation = limiter(store, "transcript-chat", 1, TRANSCRIPT_MEMORY_SECONDS);
    this.perRecipient = limiter(store, "transcript-to", TRANSCRIPTS_PER_RECIPIENT_PER_DAY, 24 * 3600);
    this.perClient = limiter(store, "transcript-from", requests.count, requests.windowSeconds);
  }

  /** A client asks for a transcript with a new chat: false once its address has had its share (TRANSCRIPT_LIMIT_PER_IP). */
  request(ip: string): Promise<boolean> {
    return consumed(this.perClient, ip);
  }

  /** The chat did not start after all: its request is not counted. */
  async giveBack(ip: string): Promise<void> {
    await this.perClient.reward(ip, 1);
  }

  async claim(conversationSid: string, recipient: string): Promise<TranscriptClaim> {
    const to = mailboxOf(recipient);
    try {
      await this.perConversation.consume(conversationSid);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { ok: false, reason: "sent" };
    }
    try {
      await this.perRecipient.consume(to);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { ok: false, reason: "recipient" };
    }
    return {
      ok: true,
      release: async () => {
        await this.perConversation.delete(conversationSid);
        await this.perRecipient.reward(to, 1);
      },
    };
  }
}

/**
 * The client's address, or null where it cannot be known. server.mjs has already reduced X-Forwarded-For to the one
 * address TRUST_PROXY allows (lib/proxy-trust.mjs), and Vercel sets it itself; anywhere else (`next start`) the header
 * is whatever the client wrote, so it is not read at all. Nothing else in the app reads forwarded headers.
 */
export function clientIp(headers: Headers, hosting: "server.mjs" | "vercel" | "other"): string | null {
  if (hosting === "other") return null;
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}
