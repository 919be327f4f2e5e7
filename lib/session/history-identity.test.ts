import { describe, expect, it } from "vitest";
import { historyIdentity } from "@/lib/session";

const known = { conversationSid: `CH${"1".repeat(32)}`, identity: "known_abc", known: true };

describe("whose earlier chats a request may see", () => {
  it("is the identity a valid context names, whatever the cookie holds", () => {
    expect(historyIdentity({}, "known_ctx", true)).toBe("known_ctx");
    expect(historyIdentity(known, "known_ctx", true)).toBe("known_ctx");
  });

  it("is no one for a context that is not valid: it never falls back to the cookie", () => {
    expect(historyIdentity(known, null, true)).toBeNull();
  });

  it("without a context, is the known visitor whose chat (current or just ended) this cookie holds", () => {
    expect(historyIdentity(known, null, false)).toBe("known_abc");
    const ended = { endedConversationSid: known.conversationSid, identity: "known_abc", known: true };
    expect(historyIdentity(ended, null, false)).toBe("known_abc");
    // An anonymous visitor's cookie, or a known identity with no chat of theirs here: no one.
    expect(historyIdentity({ ...known, known: undefined }, null, false)).toBeNull();
    expect(historyIdentity({ identity: "known_abc", known: true }, null, false)).toBeNull();
    expect(historyIdentity({}, null, false)).toBeNull();
  });
});
