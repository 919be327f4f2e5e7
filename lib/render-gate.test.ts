import { describe, expect, it, vi } from "vitest";
import { RenderGate, bypassesGate } from "@/lib/render-gate.mjs";

describe("RenderGate", () => {
  it("lets `concurrency` renders run, then queues the rest in arrival order", async () => {
    const gate = new RenderGate({ concurrency: 2, maxWaiting: 10, maxWaitMs: 1_000 });
    const first = await gate.enter();
    const second = await gate.enter();
    const order: number[] = [];
    const third = gate.enter().then((release) => (order.push(3), release));
    const fourth = gate.enter().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(gate.running).toBe(2);
    first!();
    first!(); // A second release of the same request changes nothing.
    await third;
    expect(order).toEqual([3]);
    second!();
    (await fourth)!();
    expect(order).toEqual([3, 4]);
    (await third)!();
    expect(gate.running).toBe(0);
  });

  it("refuses at once when the queue is full, and after waiting too long", async () => {
    vi.useFakeTimers();
    try {
      const gate = new RenderGate({ concurrency: 1, maxWaiting: 1, maxWaitMs: 5_000 });
      const running = await gate.enter();
      const queued = gate.enter();
      await expect(gate.enter()).resolves.toBeNull();
      vi.advanceTimersByTime(5_000);
      await expect(queued).resolves.toBeNull();
      expect(gate.waiting).toHaveLength(0);
      running!();
      expect(gate.running).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets the chat's API and static files through, never pages", () => {
    for (const url of [
      "/api/sandbox/conversations/CH1/messages",
      "/_next/static/chunks/a.js",
      "/embed.js",
      "/chat-icon.svg",
    ]) {
      expect(bypassesGate(url)).toBe(true);
    }
    for (const url of ["/", "/chat", "/embed?host=x", "/agent/CH1", "/chat.js/../agent"])
      expect(bypassesGate(url)).toBe(false);
  });
});
