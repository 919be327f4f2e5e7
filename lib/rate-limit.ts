import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export type ChatLimits = { perIp: number; perIpWindowSeconds: number; global: number; globalWindowSeconds: number };

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * Limits how often chats start — each one is a Flex task that costs money — per client IP and for the whole site.
 * Memory stores by default; rate-limiter-flexible's Redis store can replace them for several instances.
 */
export class ChatStartLimiter {
  private readonly perIp: RateLimiterAbstract;
  private readonly global: RateLimiterAbstract;

  constructor(limits: ChatLimits) {
    this.perIp = new RateLimiterMemory({ keyPrefix: "chat-ip", points: limits.perIp, duration: limits.perIpWindowSeconds });
    this.global = new RateLimiterMemory({ keyPrefix: "chat-all", points: limits.global, duration: limits.globalWindowSeconds });
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
