import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";

export type ChatLimits = { perIp: number; perIpWindowSeconds: number; global: number; globalWindowSeconds: number };

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

export type LimiterStore =
  | { kind: "memory" }
  /** Shared by every instance using the same Redis and prefix; falls back to memory while Redis is unreachable. */
  | { kind: "redis"; client: Redis; prefix?: string };

function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
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

  async check(ip: string): Promise<LimitResult> {
    try {
      await this.perIp.consume(ip);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      return {
        ok: false,
        retryAfterSeconds: seconds,
        message: `You've started several chats in a short time. Please try again in ${wait(seconds)}.`,
      };
    }
    try {
      await this.global.consume("all");
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // The visitor did nothing wrong: give back their point.
      await this.perIp.reward(ip, 1);
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      return {
        ok: false,
        retryAfterSeconds: seconds,
        message: `Our team is receiving a lot of chats right now. Please try again in ${wait(seconds)}.`,
      };
    }
    return { ok: true };
  }
}

/** The client's IP as the hosting proxy reports it (first X-Forwarded-For hop), else X-Real-IP, else "unknown". */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}
