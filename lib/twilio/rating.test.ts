import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AGENT_IDENTITY } from "@/lib/sandbox/agent";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import { flexWorkspaceSid } from "@/lib/twilio/flex";
import { RATING_COMMENT, RATING_MEASURE, rateConversation, ratingOf } from "@/lib/twilio/rating";
import { endWebChat, startWebChat } from "@/lib/twilio/webchat";

// A rating lands in the agent's task, where Flex Insights reads post-chat data, through TaskRouter's optimistic
// concurrency (ETag / If-Match), which the sandbox enforces as TaskRouter does.

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;
beforeEach(() => {
  fixture = createSandboxFixture();
});
afterEach(() => fixture.close());

async function endedChatWithAgent(name = "Ana") {
  const chat = await startWebChat(fixture.ctx, { name, question: "Hello?" });
  const [task] = fixture.sandbox.flex.data.listTasks({ conversationSid: chat.conversationSid });
  fixture.sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Agent" });
  await endWebChat(fixture.ctx, chat.conversationSid);
  return { chat, taskSid: task!.sid };
}

const attributesOf = (taskSid: string) =>
  JSON.parse(fixture.sandbox.flex.data.getTask(taskSid)!.attributes) as Record<string, unknown>;

describe("rateConversation", () => {
  it("writes score and comment into the task's conversations attributes, keeping the rest, with If-Match", async () => {
    const { chat, taskSid } = await endedChatWithAgent();
    const before = attributesOf(taskSid);
    expect(await rateConversation(fixture.ctx, chat.conversationSid, { score: 4, comment: "Quick and kind" })).toBe(
      "saved",
    );
    const after = attributesOf(taskSid);
    expect(after.conversations).toEqual({
      ...(before.conversations as object),
      [RATING_MEASURE]: 4,
      [RATING_COMMENT]: "Quick and kind",
    });
    expect(after.conversationSid).toBe(chat.conversationSid);
    expect(ratingOf(after)).toEqual({ score: 4, comment: "Quick and kind" });
    const update = fixture.exchanges.find(
      (e) => e.method === "POST" && e.url.endsWith(`/Tasks/${taskSid}`) && e.body.includes("Attributes"),
    );
    expect(update?.headers?.["if-match"]).toMatch(/^\w+$/);
    for (const exchange of fixture.exchanges)
      expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
  });

  it("rates once: a second rating is refused, the first kept", async () => {
    const { chat, taskSid } = await endedChatWithAgent();
    await rateConversation(fixture.ctx, chat.conversationSid, { score: 2 });
    expect(await rateConversation(fixture.ctx, chat.conversationSid, { score: 5, comment: "changed my mind" })).toBe(
      "already-rated",
    );
    expect(ratingOf(attributesOf(taskSid))).toEqual({ score: 2 });
  });

  it("has nobody to rate when no agent ever took the chat", async () => {
    const chat = await startWebChat(fixture.ctx, { name: "Bo", question: "Anyone?" });
    await endWebChat(fixture.ctx, chat.conversationSid);
    expect(await rateConversation(fixture.ctx, chat.conversationSid, { score: 3 })).toBe("no-agent");
  });
});

describe("the sandbox's TaskRouter ETags", () => {
  it("refuses an update whose If-Match is stale with 412, as TaskRouter does", async () => {
    const { taskSid } = await endedChatWithAgent();
    const tasks = fixture.ctx.client.taskrouter.v1.workspaces(await flexWorkspaceSid(fixture.ctx)).tasks(taskSid);
    const first = await tasks.fetchWithHttpInfo();
    const etag = first.headers.etag as string;
    await tasks.update({
      attributes: JSON.stringify({ ...JSON.parse(first.body.attributes), note: "changed" }),
      ifMatch: etag,
    });
    await expect(tasks.update({ attributes: "{}", ifMatch: etag })).rejects.toMatchObject({ status: 412 });
    expect(attributesOf(taskSid).note).toBe("changed");
  });
});
