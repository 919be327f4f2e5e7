import type { LimiterStore } from "@/lib/rate-limit";

// When each conversation's unread replies come due for an email. With Redis (REDIS_URL) every instance shares one
// sorted set, and taking a due entry is a ZREM that only one instance wins; without it, this instance's memory (one
// instance only: another would never see the entry, and a restart forgets what was pending).

const KEY = "webchat:replies:due";
/** Taken per round at most, so one round stays short whatever piled up. */
export const DUE_BATCH = 50;

export class DueReplies {
  private readonly memory = new Map<string, number>();

  constructor(private readonly store: LimiterStore) {}

  private get key(): string {
    return this.store.kind === "redis" ? `${this.store.prefix ?? ""}${KEY}` : KEY;
  }

  /** Due at `dueAt` (epoch ms) unless already pending: a burst of messages makes one entry, the first one's. */
  async schedule(conversationSid: string, dueAt: number): Promise<void> {
    if (this.store.kind === "redis") {
      try {
        await this.store.client.zadd(this.key, "NX", dueAt, conversationSid);
        return;
      } catch {
        // Redis unreachable: this instance remembers it, as the limits do.
      }
    }
    if (!this.memory.has(conversationSid)) this.memory.set(conversationSid, dueAt);
  }

  /** The conversations due by `now`, each removed as it is taken: no two callers get the same one. */
  async take(now: number): Promise<string[]> {
    const taken: string[] = [];
    for (const [sid, dueAt] of this.memory) {
      if (taken.length >= DUE_BATCH) break;
      if (dueAt <= now) {
        this.memory.delete(sid);
        taken.push(sid);
      }
    }
    if (this.store.kind !== "redis") return taken;
    try {
      const due = await this.store.client.zrangebyscore(this.key, 0, now, "LIMIT", 0, DUE_BATCH);
      for (const sid of due) if ((await this.store.client.zrem(this.key, sid)) === 1) taken.push(sid);
    } catch {
      // Tried again next round.
    }
    return taken;
  }

  /** How many wait (memory only: a gauge for tests and the doctor). */
  get pendingHere(): number {
    return this.memory.size;
  }
}
