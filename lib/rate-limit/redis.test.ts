import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatStartLimiter, TranscriptLimiter, type ChatLimits } from "@/lib/rate-limit";
import { freePort } from "@/lib/testing/free-port";
import { startRedis } from "@/lib/testing/redis";

// The Redis store against a real redis-server: two limiters stand for two instances of the app.
let redis: { url: string; stop: () => void };
const clients: Redis[] = [];

function client(url = redis.url): Redis {
  const c = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 500,
    lazyConnect: true,
  });
  c.on("error", () => {}); // The "Redis is down" test expects errors; the limiter handles them.
  clients.push(c);
  return c;
}

async function instances(limits: ChatLimits, count = 2): Promise<ChatStartLimiter[]> {
  const prefix = `test-${randomUUID()}`; // Runs never share counters, even on a shared server.
  return Promise.all(
    Array.from({ length: count }, async () => {
      const c = client();
      await c.connect();
      return new ChatStartLimiter(limits, { kind: "redis", client: c, prefix });
    }),
  );
}

beforeAll(async () => {
  redis = await startRedis();
}, 20_000);

afterAll(() => {
  for (const c of clients) c.disconnect();
  redis?.stop();
});

describe("ChatStartLimiter with the Redis store", () => {
  it("shares one visitor's budget across instances", async () => {
    const [a, b] = await instances({ perIp: 2, perIpWindowSeconds: 600, global: 100, globalWindowSeconds: 60 });
    expect(await a!.check("203.0.113.7")).toEqual({ ok: true });
    expect(await b!.check("203.0.113.7")).toEqual({ ok: true });
    // Memory stores would allow two per instance; Redis allows two in all.
    const refused = await a!.check("203.0.113.7");
    expect(refused).toMatchObject({ ok: false, reason: "visitor" });
    expect(await b!.check("203.0.113.7")).toMatchObject({ ok: false });
    expect(await b!.check("198.51.100.2")).toEqual({ ok: true });
  });

  it("shares the site-wide cap and gives a refused visitor their point back", async () => {
    const [a, b] = await instances({ perIp: 1, perIpWindowSeconds: 600, global: 2, globalWindowSeconds: 30 });
    expect((await a!.check("10.0.0.1")).ok).toBe(true);
    expect((await b!.check("10.0.0.2")).ok).toBe(true);
    expect(await a!.check("10.0.0.3")).toMatchObject({
      ok: false,
      reason: "site",
    });
    // 10.0.0.3 was not charged: only the site-wide cap stands in their way, on either instance.
    expect(await b!.check("10.0.0.3")).toMatchObject({ reason: "site" });
  });

  it("opens again when Redis expires the window", async () => {
    const [a] = await instances({ perIp: 1, perIpWindowSeconds: 1, global: 100, globalWindowSeconds: 60 }, 1);
    expect((await a!.check("10.0.0.9")).ok).toBe(true);
    expect((await a!.check("10.0.0.9")).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await a!.check("10.0.0.9")).ok).toBe(true);
  });

  it("counts in a sliding window: the budget is not renewed all at once when a minute turns", async () => {
    const [a, b] = await instances({ perIp: 2, perIpWindowSeconds: 1, global: 100, globalWindowSeconds: 60 });
    expect((await a!.check("10.0.0.20")).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect((await b!.check("10.0.0.20")).ok).toBe(true);
    expect((await a!.check("10.0.0.20")).ok).toBe(false);
    // The first start has aged out, the second has not: one more, not two.
    await new Promise((r) => setTimeout(r, 600));
    expect((await b!.check("10.0.0.20")).ok).toBe(true);
    expect((await a!.check("10.0.0.20")).ok).toBe(false);
  });

  it("keeps limiting in memory while Redis is unreachable", async () => {
    const down = client(`redis://127.0.0.1:${await freePort()}`);
    const limiter = new ChatStartLimiter(
      { perIp: 2, perIpWindowSeconds: 600, global: 100, globalWindowSeconds: 60 },
      { kind: "redis", client: down },
    );
    expect(await limiter.check("10.1.1.1")).toEqual({ ok: true });
    expect(await limiter.check("10.1.1.1")).toEqual({ ok: true });
    expect(await limiter.check("10.1.1.1")).toMatchObject({ ok: false });
  });
});

describe("TranscriptLimiter with the Redis store", () => {
  it("lets one instance of several send a conversation's transcript, and another after a failed send", async () => {
    const prefix = `test-${randomUUID()}`;
    const [a, b] = await Promise.all(
      [client(), client()].map(async (c) => {
        await c.connect();
        return new TranscriptLimiter({ kind: "redis", client: c, prefix });
      }),
    );
    const conversation = `CH${"7".repeat(32)}`;
    const first = await a!.claim(conversation, "ana@example.com");
    expect(first.ok).toBe(true);
    // The same webhook retried on another instance: already claimed there too.
    expect(await b!.claim(conversation, "ana@example.com")).toEqual({ ok: false, reason: "sent" });
    if (first.ok) await first.release();
    expect((await b!.claim(conversation, "ana@example.com")).ok).toBe(true);
  });
});
