import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ChatStartLimiter,
  Cooldown,
  TRANSCRIPTS_PER_RECIPIENT_PER_DAY,
  TRANSCRIPT_MEMORY_SECONDS,
  TranscriptLimiter,
  clientIp,
  limitMessage,
  mailboxOf,
} from "@/lib/rate-limit";
import { MemorySlidingWindow } from "@/lib/rate-limit/sliding-window";
import { translator } from "@/lib/testing/translate";

afterEach(() => vi.useRealTimers());

describe("ChatStartLimiter", () => {
  it("lets a visitor start a few chats, then says when to retry", async () => {
    const limiter = new ChatStartLimiter({ perIp: 2, perIpWindowSeconds: 600, global: 100, globalWindowSeconds: 60 });
    expect(await limiter.check("1.1.1.1")).toEqual({ ok: true });
    expect(await limiter.check("1.1.1.1")).toEqual({ ok: true });
    const refused = await limiter.check("1.1.1.1");
    expect(refused).toMatchObject({ ok: false, reason: "visitor" });
    // Another visitor is not affected.
    expect(await limiter.check("2.2.2.2")).toEqual({ ok: true });
  });

  it("caps the whole site, without charging the refused visitor", async () => {
    const limiter = new ChatStartLimiter({ perIp: 2, perIpWindowSeconds: 600, global: 2, globalWindowSeconds: 30 });
    await limiter.check("1.1.1.1");
    await limiter.check("2.2.2.2");
    const refused = await limiter.check("3.3.3.3");
    expect(refused).toMatchObject({ ok: false, reason: "site" });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it("opens again when the window has passed", async () => {
    vi.useFakeTimers();
    const limiter = new ChatStartLimiter({ perIp: 1, perIpWindowSeconds: 60, global: 100, globalWindowSeconds: 60 });
    expect((await limiter.check("1.1.1.1")).ok).toBe(true);
    expect((await limiter.check("1.1.1.1")).ok).toBe(false);
    vi.advanceTimersByTime(61_000);
    expect((await limiter.check("1.1.1.1")).ok).toBe(true);
  });
});

describe("sliding windows", () => {
  it("allows the budget in any span of the window, also across what a fixed window would call its end", async () => {
    let now = 30_000;
    const window = new MemorySlidingWindow(3, 60_000, () => now);
    expect((await window.take("ip")).ok).toBe(true);
    now = 59_000;
    for (let i = 0; i < 2; i++) expect((await window.take("ip")).ok).toBe(true);
    // A fixed one-minute window would start afresh at 60 s and let three more through at once.
    now = 61_000;
    expect(await window.take("ip")).toEqual({ ok: false, msBeforeNext: 29_000 });
    // The first start has aged out, the other two have not: one more, not three.
    now = 90_001;
    expect((await window.take("ip")).ok).toBe(true);
    expect((await window.take("ip")).ok).toBe(false);
  });

  it("gives a start back when it is undone", async () => {
    const window = new MemorySlidingWindow(1, 60_000);
    const first = await window.take("ip");
    expect((await window.take("ip")).ok).toBe(false);
    if (first.ok) await first.undo();
    expect((await window.take("ip")).ok).toBe(true);
  });
});

describe("TranscriptLimiter", () => {
  it("lets one claim per conversation through, and another after a failed send gives it back", async () => {
    const limiter = new TranscriptLimiter();
    const first = await limiter.claim("CH1", "ana@example.com");
    expect(first.ok).toBe(true);
    expect(await limiter.claim("CH1", "ana@example.com")).toEqual({ ok: false, reason: "sent" });
    if (first.ok) await first.release();
    expect((await limiter.claim("CH1", "ana@example.com")).ok).toBe(true);
  });

  it("remembers a claim for its whole window, in memory too (no timer overflow)", async () => {
    expect(TRANSCRIPT_MEMORY_SECONDS * 1000).toBeLessThan(2 ** 31);
    const limiter = new TranscriptLimiter();
    expect((await limiter.claim("CHlater", "ana@example.com")).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await limiter.claim("CHlater", "ana@example.com")).toEqual({ ok: false, reason: "sent" });
  });

  it("sends one address at most its daily share, whatever the case of its letters", async () => {
    const limiter = new TranscriptLimiter();
    for (let i = 0; i < TRANSCRIPTS_PER_RECIPIENT_PER_DAY; i++)
      expect((await limiter.claim(`CH${i}`, "Ana@Example.com")).ok).toBe(true);
    expect(await limiter.claim("CHx", "ana@example.com")).toEqual({ ok: false, reason: "recipient" });
    expect((await limiter.claim("CHy", "bo@example.com")).ok).toBe(true);
  });
});

describe("Cooldown", () => {
  it("does a thing once per key in its window, whoever asks, and again once it is given back", async () => {
    vi.useFakeTimers();
    const cooldown = new Cooldown({ kind: "memory" }, "test", 30);
    expect(await cooldown.take("CH1")).toBe(true);
    expect(await cooldown.take("CH1")).toBe(false);
    expect(await cooldown.take("CH2")).toBe(true);
    await cooldown.release("CH2");
    expect(await cooldown.take("CH2")).toBe(true);
    vi.advanceTimersByTime(31_000);
    expect(await cooldown.take("CH1")).toBe(true);
  });
});

describe("the transcript's counts", () => {
  it("count one mailbox however its address is written: case, +tags, and Gmail's dots", () => {
    expect(mailboxOf(" Victim+1@Example.com ")).toBe("victim@example.com");
    expect(mailboxOf("v.i.c.t.i.m+x@googlemail.com")).toBe("victim@gmail.com");
    // Elsewhere a dot may name another mailbox: kept.
    expect(mailboxOf("first.last@example.com")).toBe("first.last@example.com");
  });

  it("send one mailbox its daily share across plus-tagged variants", async () => {
    const limiter = new TranscriptLimiter();
    for (let i = 0; i < TRANSCRIPTS_PER_RECIPIENT_PER_DAY; i++)
      expect((await limiter.claim(`CHv${i}`, `victim+${i}@example.com`)).ok).toBe(true);
    expect(await limiter.claim("CHv-next", "VICTIM+next@example.com")).toEqual({ ok: false, reason: "recipient" });
  });

  it("let one client ask for its daily share of transcripts, and another client still", async () => {
    const limiter = new TranscriptLimiter({ kind: "memory" }, { count: 3, windowSeconds: 24 * 3600 });
    for (let i = 0; i < 3; i++) expect(await limiter.request("198.51.100.1")).toBe(true);
    expect(await limiter.request("198.51.100.1")).toBe(false);
    expect(await limiter.request("198.51.100.2")).toBe(true);
  });
});

describe("limitMessage", () => {
  it("says who is refused and when to retry, in the visitor's language", () => {
    expect(limitMessage({ ok: false, reason: "visitor", retryAfterSeconds: 600 }, translator("en"))).toBe(
      "You've started several chats in a short time. Please try again in 10 minutes.",
    );
    expect(limitMessage({ ok: false, reason: "site", retryAfterSeconds: 1 }, translator("en"))).toBe(
      "Our team is receiving a lot of chats right now. Please try again in 1 second.",
    );
    expect(limitMessage({ ok: false, reason: "site", retryAfterSeconds: 30 }, translator("es"))).toBe(
      "Nuestro equipo está recibiendo muchos chats ahora mismo. Vuelve a intentarlo dentro de 30 segundos.",
    );
    expect(limitMessage({ ok: false, reason: "visitor", retryAfterSeconds: 120 }, translator("ar"))).toBe(
      "لقد بدأت عدة محادثات في وقت قصير. يُرجى المحاولة مرة أخرى بعد دقيقتين.",
    );
  });
});

describe("clientIp", () => {
  it("reads the one address server.mjs left in X-Forwarded-For, and nothing else", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }), "server.mjs")).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }), "vercel")).toBe("203.0.113.7");
    // X-Real-IP is a client's word unless a trusted proxy wrote it: never read.
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }), "server.mjs")).toBe("unknown");
    expect(clientIp(new Headers(), "server.mjs")).toBe("unknown");
  });

  it("knows no address where nothing vetted the header (next start): a visitor's own X-Forwarded-For buys nothing", async () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }), "other")).toBeNull();
    // Then only the site-wide limit counts: rotating the header cannot get past it.
    const limiter = new ChatStartLimiter({ perIp: 1, perIpWindowSeconds: 600, global: 3, globalWindowSeconds: 60 });
    const results = [];
    for (const address of ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]) {
      results.push((await limiter.check(clientIp(new Headers({ "x-forwarded-for": address }), "other"))).ok);
    }
    expect(results).toEqual([true, true, true, false, false]);
  });
});
