import type { Redis } from "ioredis";
import type { Translate } from "@/lib/pre-engagement";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

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
 * Limits how often chats start — each one is a Flex task that costs money — per client IP and for the whole site.
 * Counts in memory by default, or in Redis so that several instances share one budget.
 */
export class ChatStartLimiter {
  private readonly perIp: RateLimiterAbstract;
  private readonly global: RateLimiterAbstract;

  constructor(limits: ChatLimits, store: LimiterStore = { kind: "memory" }) {
    this.perIp = limiter(store, "chat-ip", limits.perIp, limits.perIpWindowSeconds);
    this.global = limiter(store, "chat-all", limits.global, limits.globalWindowSeconds);
  }

  /** `ip` null: the client's address cannot be known here (see clientIp), so only the site-wide limit applies. */
  async check(ip: string | null): Promise<LimitResult> {
    if (ip !== null) {
      try {
        await this.perIp.consume(ip);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        return { ok: false, retryAfterSeconds: seconds, reason: "visitor" };
      }
    }
    try {
      await this.global.consume("all");
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // The visitor did nothing wrong: give back their point.
      if (ip !== null) await this.perIp.reward(ip, 1);
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      return { ok: false, retryAfterSeconds: seconds, reason: "site" };
    }
    return { ok: true };
  }
}

/** Why a transcript is not sent now: one went out already, or this address has had its share today. */
export type TranscriptClaim = { ok: true; release: () => Promise<void> } | { ok: false; reason: "sent" | "recipient" };

/** One transcript per conversation, ever; at most this many to one address a day (the box is no mail cannon). */
export const TRANSCRIPTS_PER_RECIPIENT_PER_DAY = 10;
/**
 * How long "this conversation's transcript went out" is remembered: a second announcement of one close comes within
 * seconds, not weeks. Under 24.8 days, the longest timer Node can set (the in-memory store expires keys with one: a
 * longer one fires at once, and the claim would be forgotten).
 */
export const TRANSCRIPT_MEMORY_SECONDS = 14 * 24 * 3600;

/**
 * Claims the right to send a conversation's transcript: the first claim wins, later ones (a second webhook, another
 * instance with the same Redis) are refused. A send that then fails releases its claim, so a later trigger may retry.
 */
export class TranscriptLimiter {
  private readonly perConversation: RateLimiterAbstract;
  private readonly perRecipient: RateLimiterAbstract;

  constructor(store: LimiterStore = { kind: "memory" }) {
    this.perConversation = limiter(store, "transcript-chat", 1, TRANSCRIPT_MEMORY_SECONDS);
    this.perRecipient = limiter(store, "transcript-to", TRANSCRIPTS_PER_RECIPIENT_PER_DAY, 24 * 3600);
  }

  async claim(conversationSid: string, recipient: string): Promise<TranscriptClaim> {
    const to = recipient.toLowerCase();
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
