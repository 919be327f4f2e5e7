import { describe, expect, it, vi } from "vitest";
import { agentNamesOnce } from "@/lib/data/agent-names";

describe("agentNamesOnce", () => {
  it("looks a conversation's names up once however often it is asked within its 10 s", async () => {
    const load = vi.fn(async () => ({ agent1: "Alex" }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => agentNamesOnce("CH-once", load)));
    expect(answers).toEqual(Array(5).fill({ agent1: "Alex" }));
    expect(load).toHaveBeenCalledTimes(1);
    expect(await agentNamesOnce("CH-other", load)).toEqual({ agent1: "Alex" });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("answers no names when the lookup fails, and does not keep the failure", async () => {
    const failing = vi.fn(async () => {
      throw new Error("Twilio is down");
    });
    expect(await agentNamesOnce("CH-fail", failing)).toEqual({});
    const working = vi.fn(async () => ({ agent1: "Alex" }));
    expect(await agentNamesOnce("CH-fail", working)).toEqual({ agent1: "Alex" });
    expect(working).toHaveBeenCalledTimes(1);
  });
});
