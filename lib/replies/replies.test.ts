import { describe, expect, it } from "vitest";
import { DueReplies } from "@/lib/replies/due";
import { RESUME_LINK_DAYS, readResumeLink, signResumeLink } from "@/lib/replies/link";

const SECRET = "0123456789abcdef0123456789abcdef";
const SID = "CH" + "a".repeat(32);
const NOW = Date.UTC(2026, 11, 7, 12);

describe("the link back to the chat in a missed-replies email", () => {
  const token = signResumeLink(SECRET, { conversationSid: SID, identity: "guest_1" }, NOW);

  it("names one conversation and its visitor, for this server only", () => {
    expect(readResumeLink(SECRET, token, NOW)).toEqual({
      ok: true,
      link: { conversationSid: SID, identity: "guest_1" },
    });
    expect(readResumeLink("another-secret-0123456789abcdef0", token, NOW)).toEqual({ ok: false, reason: "forged" });
  });

  it("is worth nothing once changed, cut or past its days", () => {
    const [payload, sig] = token.split(".");
    const other = Buffer.from(JSON.stringify(["CH" + "b".repeat(32), "guest_1", NOW / 1000 + 99_999])).toString(
      "base64url",
    );
    expect(readResumeLink(SECRET, `${other}.${sig}`, NOW).ok).toBe(false);
    expect(readResumeLink(SECRET, payload!, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(readResumeLink(SECRET, null, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(readResumeLink(SECRET, "x".repeat(600), NOW)).toEqual({ ok: false, reason: "malformed" });
    const later = NOW + (RESUME_LINK_DAYS * 24 + 1) * 3600 * 1000;
    expect(readResumeLink(SECRET, token, later)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("when replies come due (one instance, no Redis)", () => {
  it("keeps one entry per conversation, the burst's first, and hands each out once when due", async () => {
    const due = new DueReplies({ kind: "memory" });
    await due.schedule(SID, NOW + 1_000);
    await due.schedule(SID, NOW + 5_000);
    await due.schedule("CH" + "b".repeat(32), NOW + 3_000);
    expect(await due.take(NOW)).toEqual([]);
    expect(await due.take(NOW + 1_000)).toEqual([SID]);
    expect(await due.take(NOW + 1_000)).toEqual([]);
    expect(await due.take(NOW + 10_000)).toEqual(["CH" + "b".repeat(32)]);
    expect(due.pendingHere).toBe(0);
  });
});
