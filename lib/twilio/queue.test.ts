import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AGENT_IDENTITY } from "@/lib/sandbox/agent";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import { queueStatus } from "@/lib/twilio/queue";
import { startWebChat } from "@/lib/twilio/webchat";

// The visitor's place in the queue, read through the twilio package from the sandbox's TaskRouter: every request
// and answer valid per Twilio's OpenAPI documents (the queue statistics document added beside the shared ones).

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;
beforeEach(() => {
  fixture = createSandboxFixture();
});
afterEach(() => fixture.close());

const start = (name: string) => startWebChat(fixture.ctx, { name, question: `Question from ${name}` });
const taskOf = (conversationSid: string) => fixture.sandbox.flex.data.listTasks({ conversationSid })[0]!;

describe("queueStatus", () => {
  it("gives each waiting visitor their place, oldest first, and nothing once an agent accepted", async () => {
    const first = await start("Ana");
    const second = await start("Bo");
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the next task is created a second later
    const third = await start("Cy");
    // A place is read from a line shared for a few seconds: ask about each visitor from one fresh line.
    expect(await queueStatus(fixture.ctx, third.conversationSid)).toEqual({
      waiting: true,
      position: 3,
      usualWaitSeconds: null,
    });
    expect(await queueStatus(fixture.ctx, first.conversationSid)).toMatchObject({ position: 1 });
    expect(await queueStatus(fixture.ctx, second.conversationSid)).toMatchObject({ position: 2 });

    fixture.sandbox.flex.accept(taskOf(first.conversationSid).sid, {
      identity: AGENT_IDENTITY,
      friendlyName: "Ana Agent",
    });
    // The line is shared for 5 s (every waiting visitor polls); once it is read again, the accepted visitor is out.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6_000);
      expect(await queueStatus(fixture.ctx, first.conversationSid)).toEqual({ waiting: false });
      expect(await queueStatus(fixture.ctx, second.conversationSid)).toMatchObject({ position: 1 });
    } finally {
      vi.useRealTimers();
    }
    for (const exchange of fixture.exchanges)
      expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
    expect(fixture.exchanges.some((e) => e.url.includes("/CumulativeStatistics"))).toBe(true);
  });

  it("says how long accepted visitors usually waited, from the queue's statistics", async () => {
    const first = await start("Dee");
    fixture.sandbox.flex.accept(taskOf(first.conversationSid).sid, { identity: AGENT_IDENTITY, friendlyName: "Agent" });
    const waiting = await start("Eve");
    const status = await queueStatus(fixture.ctx, waiting.conversationSid);
    expect(status).toMatchObject({ waiting: true, position: 1 });
    // Accepted at once: about 0 s (Twilio's dates are to the second), and known — not null.
    const usual = status.waiting ? status.usualWaitSeconds : null;
    expect(usual).not.toBeNull();
    expect(usual).toBeLessThanOrEqual(2);
  });

  it("costs TaskRouter nothing per visitor once their task is known: polls read the shared line", async () => {
    const chat = await start("Fay");
    const lookups = () => fixture.exchanges.filter((e) => e.url.includes("EvaluateTaskAttributes")).length;
    const reads = () =>
      fixture.exchanges.filter((e) => e.url.includes("/Tasks") && e.url.includes("TaskQueueSid")).length;
    for (let i = 0; i < 5; i++)
      expect(await queueStatus(fixture.ctx, chat.conversationSid)).toMatchObject({ position: 1 });
    expect(lookups()).toBe(1);
    expect(reads()).toBe(1);
  });

  it("is not waiting before the flow made a task", async () => {
    const conversation = await fixture.ctx.client.conversations.v1.conversations.create({ friendlyName: "no task" });
    expect(await queueStatus(fixture.ctx, conversation.sid)).toEqual({ waiting: false });
  });
});
