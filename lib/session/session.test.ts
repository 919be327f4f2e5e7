import { sealData, unsealData } from "iron-session";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionPassword } from "@/lib/session/secret";

const OLD = "o".repeat(32);
const NEW = "n".repeat(32);
const OTHER = "x".repeat(32);
const ttl = 60 * 60 * 24 * 7;
const data = { conversationSid: `CH${"1".repeat(32)}`, identity: "guest_1", startedAt: 1 };

afterEach(() => vi.useRealTimers());

describe("session cookies (iron-session with this app's passwords)", () => {
  it("keeps visitors signed in across rotations: old cookies open, new ones are sealed with the newest secret", async () => {
    const before = sessionPassword({ 1: OLD });
    const rotated = sessionPassword({ 2: NEW, 1: OLD });
    const fromBefore = await sealData(data, { password: before, ttl });
    expect(await unsealData(fromBefore, { password: rotated, ttl })).toEqual(data);
    const fromNow = await sealData(data, { password: rotated, ttl });
    // Once the old secret is dropped, cookies sealed with the new one still open.
    expect(await unsealData(fromNow, { password: sessionPassword({ 2: NEW }), ttl })).toEqual(data);
    expect(await unsealData(fromNow, { password: sessionPassword({ 1: OLD }), ttl })).toEqual({});
    // And the next rotation keeps them too.
    expect(await unsealData(fromNow, { password: sessionPassword({ 3: OTHER, 2: NEW }), ttl })).toEqual(data);
  });

  it("reads tampered, truncated, foreign-secret and expired cookies as no session", async () => {
    const seal = await sealData(data, { password: NEW, ttl });
    const tampered = seal.slice(0, 30) + (seal[30] === "A" ? "B" : "A") + seal.slice(31);
    expect(await unsealData(tampered, { password: NEW, ttl })).toEqual({});
    expect(await unsealData(seal.slice(0, seal.length / 2), { password: NEW, ttl })).toEqual({});
    expect(await unsealData(seal, { password: OTHER, ttl })).toEqual({});
    expect(await unsealData("garbage", { password: NEW, ttl })).toEqual({});
    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + (ttl + 3600) * 1000);
    expect(await unsealData(seal, { password: NEW, ttl })).toEqual({});
  });

  it("uses a lone secret as is", () => {
    expect(sessionPassword({ 1: NEW })).toBe(NEW);
    expect(sessionPassword({ 2: NEW, 1: OLD })).toEqual({ 2: NEW, 1: OLD });
  });
});
