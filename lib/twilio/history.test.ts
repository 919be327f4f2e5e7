import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import { PAST_CHATS_SHOWN, findOpenChat, listPastChats, loadPastChat } from "@/lib/twilio/history";
import { closeConversation, startWebChat } from "@/lib/twilio/webchat";

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;
beforeEach(() => {
  fixture = createSandboxFixture();
});
afterEach(() => fixture.close());

const IDENTITY = "known_0123456789abcdef0123456789abcdef01234567";

/** A chat of this identity, ended (or not), started `minutesAgo` in the sandbox's store. */
async function chat(question: string, { identity = IDENTITY, closed = true, minutesAgo = 0 } = {}) {
  const started = await startWebChat(fixture.ctx, { name: "Ada", question }, identity);
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  fixture.sandbox.store.db
    .prepare("update conversations set date_created = ? where sid = ?")
    .run(at, started.conversationSid);
  if (closed) await closeConversation(fixture.ctx, started.conversationSid);
  return started.conversationSid;
}

describe("a returning visitor's earlier chats", () => {
  it("lists only this identity's closed chats, newest first, with their first questions", async () => {
    const oldest = await chat("First question", { minutesAgo: 300 });
    const newest = await chat("Third question", { minutesAgo: 10 });
    const middle = await chat("Second question", { minutesAgo: 120 });
    await chat("Still open", { closed: false });
    await chat("Someone else's", { identity: "guest_other" });

    const past = await listPastChats(fixture.ctx, IDENTITY);
    expect(past.map((p) => p.conversationSid)).toEqual([newest, middle, oldest]);
    expect(past.map((p) => p.question)).toEqual(["Third question", "Second question", "First question"]);
    for (const exchange of fixture.exchanges) {
      expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
    }
  });

  it("shows at most the newest PAST_CHATS_SHOWN", async () => {
    const sids = [];
    for (let i = 0; i <= PAST_CHATS_SHOWN; i++) sids.push(await chat(`Question ${i}`, { minutesAgo: 100 - i }));
    const past = await listPastChats(fixture.ctx, IDENTITY);
    expect(past).toHaveLength(PAST_CHATS_SHOWN);
    expect(past.map((p) => p.conversationSid)).not.toContain(sids[0]);
    expect(past[0]!.conversationSid).toBe(sids.at(-1));
  });

  it("reads one earlier chat whole only when the identity took part in it and it is closed", async () => {
    const mine = await chat("My question");
    const theirs = await chat("Their question", { identity: "guest_other" });
    const open = await chat("Open question", { closed: false });

    const read = await loadPastChat(fixture.ctx, IDENTITY, mine);
    expect(read?.messages.map((m) => m.body)).toEqual(["My question"]);
    expect(read?.attributes.pre_engagement_data).toMatchObject({ question: "My question" });
    const before = fixture.exchanges.length;
    expect(await loadPastChat(fixture.ctx, IDENTITY, theirs)).toBeNull();
    // Someone else's conversation: its messages are never asked for.
    expect(fixture.exchanges.slice(before).some((e) => e.url.includes("/Messages"))).toBe(false);
    expect(await loadPastChat(fixture.ctx, IDENTITY, open)).toBeNull();
    expect(await loadPastChat(fixture.ctx, IDENTITY, "CH" + "0".repeat(32))).toBeNull();
    expect(await loadPastChat(fixture.ctx, IDENTITY, "not-a-sid")).toBeNull();
  });
});

describe("one open chat per identity", () => {
  it("finds the identity's open chat, and none once it has closed", async () => {
    await chat("Closed one");
    const open = await chat("Open one", { closed: false });
    expect(await findOpenChat(fixture.ctx, IDENTITY)).toBe(open);
    await closeConversation(fixture.ctx, open);
    expect(await findOpenChat(fixture.ctx, IDENTITY)).toBeNull();
  });

  it("the sandbox refuses a WebChat for an identity in an open chat (Twilio is silent: the stricter reading)", async () => {
    await chat("Open one", { closed: false });
    await expect(startWebChat(fixture.ctx, { name: "Ada", question: "Again" }, IDENTITY)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("in an open conversation already"),
    });
    // Another identity, or none, is unaffected.
    await expect(startWebChat(fixture.ctx, { name: "Bea", question: "Hi" }, "guest_bea")).resolves.toBeTruthy();
    await expect(startWebChat(fixture.ctx, { name: "Cy", question: "Hi" })).resolves.toBeTruthy();
  });
});

describe("the sandbox's ParticipantConversations, to the letter of its document", () => {
  it("answers in no date order, so the caller must sort", async () => {
    const sids = [];
    for (let i = 0; i < 6; i++) sids.push(await chat(`Q${i}`, { minutesAgo: 60 - i }));
    const rows = await fixture.ctx.client.conversations.v1.participantConversations.list({ identity: IDENTITY });
    expect(rows.map((r) => r.conversationSid)).toEqual([...sids].sort());
    expect(rows.every((r) => r.conversationState === "closed" && r.participantIdentity === IDENTITY)).toBe(true);
  });

  it("refuses both Identity and Address, or neither: 'Only one parameter should be specified'", async () => {
    const list = fixture.ctx.client.conversations.v1.participantConversations;
    await expect(list.list({ identity: IDENTITY, address: "+15550100" })).rejects.toMatchObject({ status: 400 });
    await expect(list.list({})).rejects.toMatchObject({ status: 400 });
  });
});
