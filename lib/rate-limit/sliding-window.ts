import { randomUUID } from "node:crypto";
import type { LimiterStore } from "@/lib/rate-limit";

/**
 * At most `points` events per key in any `windowMs` span — not per fixed window, where a client that spends its
 * budget at the end of one window and again at the start of the next gets twice it in a moment. A log of the
 * accepted events' times per key: small, because these budgets are small (a few chat starts), and exact.
 */
export type SlidingTake = { ok: true; undo: () => Promise<void> } | { ok: false; msBeforeNext: number };

export interface SlidingWindow {
  take(key: string): Promise<SlidingTake>;
}

/** In this process's memory; keys whose events have all aged out are dropped, so memory follows active clients. */
export class MemorySlidingWindow implements SlidingWindow {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<SlidingTake> {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length >= this.points) return { ok: false, msBeforeNext: times[0]! + this.windowMs - now };
    times.push(now);
    this.log.set(key, times);
    if (this.log.size > 50_000) for (const other of [...this.log.keys()]) this.recent(other, now);
    return {
      ok: true,
      undo: async () => {
        const left = this.log.get(key);
        const at = left?.lastIndexOf(now) ?? -1;
        if (at >= 0) left!.splice(at, 1);
      },
    };
  }

  private recent(key: string, now: number): number[] {
    const times = (this.log.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.log.delete(key);
    else this.log.set(key, times);
    return times;
  }
}

// One atomic step in Redis: drop the aged-out events, count, and either refuse (saying when the oldest ages out) or
// record this one. Times come from the app, so instances must keep their clocks in step (NTP does).
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return -1
`;

/** Shared by every instance on one Redis; while Redis cannot answer, counted in memory instead (never "let all in"). */
export class RedisSlidingWindow implements SlidingWindow {
  private readonly fallback: MemorySlidingWindow;

  constructor(
    private readonly store: Extract<LimiterStore, { kind: "redis" }>,
    private readonly name: string,
    private readonly points: number,
    private readonly windowMs: number,
  ) {
    this.fallback = new MemorySlidingWindow(points, windowMs);
  }

  async take(key: string): Promise<SlidingTake> {
    const { client } = this.store;
    if (client.status !== "ready") return this.fallback.take(key);
    const redisKey = `${this.store.prefix ?? "flex-webchat"}:${this.name}:${key}`;
    const member = randomUUID();
    let wait: number;
    try {
      wait = Number(await client.eval(TAKE, 1, redisKey, Date.now(), this.windowMs, this.points, member));
    } catch {
      return this.fallback.take(key);
    }
    if (wait >= 0) return { ok: false, msBeforeNext: wait };
    return {
      ok: true,
      undo: async () => {
        await client.zrem(redisKey, member).catch(() => {});
      },
    };
  }
}

export function slidingWindow(store: LimiterStore, name: string, points: number, windowSeconds: number): SlidingWindow {
  return store.kind === "redis"
    ? new RedisSlidingWindow(store, name, points, windowSeconds * 1000)
    : new MemorySlidingWindow(points, windowSeconds * 1000);
}
