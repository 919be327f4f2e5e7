import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { handleLiveRequest } from "@/lib/sandbox/live";
import { loadFlowFile, parseFlow, StudioFlowError, defaultFlowDefinition } from "@/lib/sandbox/studio/flow";
import { createSandboxFixture, type SandboxFixture } from "@/lib/testing/sandbox-fixture";
import { mintAccessToken, startWebChat } from "@/lib/twilio/webchat";

// The sandbox's Studio: an exported flow is checked against the subset (refused with a name, never skipped), and a
// web chat runs through it as Studio runs it — bot messages from no participant, the visitor's replies, Send to Flex.

const EXAMPLE = readFileSync("docs/studio/menu-flow.json", "utf8");
const example = () => JSON.parse(EXAMPLE) as { states: Record<string, unknown>[] } & Record<string, unknown>;
const refusal = (definition: unknown) => {
  try {
    parseFlow(JSON.stringify(definition));
  } catch (error) {
    expect(error).toBeInstanceOf(StudioFlowError);
    return (error as Error).message;
  }
  throw new Error("the flow was accepted");
};
const state = (definition: ReturnType<typeof example>, name: string) =>
  definition.states.find((s) => s.name === name) as { properties: Record<string, unknown>; transitions: unknown[] };

describe("an exported flow outside the subset is refused with what is wrong", () => {
  it("accepts the example flow and a new account's default flow", () => {
    expect(parseFlow(EXAMPLE).widgets.size).toBe(9);
    expect(
      parseFlow(JSON.stringify(defaultFlowDefinition(`WW${"1".repeat(32)}`, `TC${"2".repeat(32)}`))).widgets.size,
    ).toBe(2);
  });

  it("names a widget type the sandbox does not run", () => {
    const flow = example();
    flow.states.push({ name: "lookup_order", type: "run-function", transitions: [], properties: {} });
    expect(refusal(flow)).toMatch(/widget "lookup_order" is a "run-function", which the sandbox's Studio does not run/);
  });

  it("names a Liquid filter, a tag, and a variable outside the subset", () => {
    const filtered = example();
    state(filtered, "order_status").properties.body = "Hi {{trigger.conversation.Author | upcase}}";
    expect(refusal(filtered)).toMatch(/widget "order_status", body, uses a Liquid filter/);
    const tagged = example();
    state(tagged, "order_status").properties.body = "{% if x %}hi{% endif %}";
    expect(refusal(tagged)).toMatch(/widget "order_status", body, uses a Liquid tag/);
    const unknown = example();
    state(unknown, "order_status").properties.body = "{{widgets.http_1.parsed.status}}";
    expect(refusal(unknown)).toMatch(/uses \{\{widgets\.http_1\.parsed\.status\}\}, a variable outside/);
    const unset = example();
    state(unset, "order_status").properties.body = "{{flow.variables.never_set}}";
    expect(refusal(unset)).toMatch(/flow\.variables\.never_set/);
  });

  it("names a property, a transition and a condition outside the subset, and a dangling next", () => {
    const media = example();
    state(media, "order_status").properties.media_url = "https://example.com/a.png";
    expect(refusal(media)).toMatch(/widget "order_status" \(send-message\) has a property "media_url"/);
    const event = example();
    state(event, "order_status").transitions.push({ event: "delivered" });
    expect(refusal(event)).toMatch(/has a transition "delivered"/);
    const regex = example();
    (state(regex, "menu").transitions[1] as { conditions: { type: string }[] }).conditions[0]!.type = "regex";
    expect(refusal(regex)).toMatch(/widget "menu" tests "regex"/);
    const dangling = example();
    (state(dangling, "connecting").transitions[0] as { next: string }).next = "gone";
    expect(refusal(dangling)).toMatch(/goes on "sent" to "gone", which is not in the flow/);
  });

  it("refuses a flow whose Incoming Conversation leads nowhere, or whose Send to Flex names no workflow SID", () => {
    const nowhere = example();
    nowhere.states[0]!.transitions = [{ event: "incomingConversationMessage" }];
    expect(refusal(nowhere)).toMatch(/"Incoming Conversation" leads nowhere/);
    const workflow = example();
    state(workflow, "send_to_agent").properties.workflow = "Assign to Anyone";
    expect(refusal(workflow)).toMatch(/"workflow" must be a Workflow SID/);
    expect(() => parseFlow("{ not json")).toThrow(/not JSON/);
  });
});

describe("SANDBOX_STUDIO_FLOW's file", () => {
  it("loads an export, and names the variable, the file and the widget outside the subset", () => {
    expect(loadFlowFile("docs/studio/menu-flow.json").widgets.has("greeting")).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), "flow-"));
    const file = path.join(dir, "flow.json");
    const flow = example();
    flow.states.push({ name: "ask_gpt", type: "run-function", transitions: [], properties: {} });
    writeFileSync(file, JSON.stringify(flow));
    expect(() => loadFlowFile(file)).toThrow(
      /^SANDBOX_STUDIO_FLOW \(.*flow\.json\): widget "ask_gpt" is a "run-function", which the sandbox's Studio does not run/,
    );
    expect(() => loadFlowFile(path.join(dir, "missing.json"))).toThrow(
      /missing\.json\): the file cannot be read \(ENOENT\)/,
    );
    rmSync(dir, { recursive: true });
  });
});

describe("a web chat runs through the flow", () => {
  let fixture: SandboxFixture;
  afterEach(() => fixture.close());

  function start(clockSpeed = 1) {
    fixture = createSandboxFixture({ options: { studioFlow: parseFlow(EXAMPLE), clockSpeed } });
    return startWebChat(fixture.ctx, { name: "Ana", question: "Where is my order?", fields: {} });
  }
  const messages = (sid: string) =>
    fixture.sandbox.store.listMessages(sid, "asc", 0, 100).map((m) => fixture.sandbox.messageJson(m));
  const tasks = (sid: string) => fixture.sandbox.flex.data.listTasks({ conversationSid: sid });
  async function visitorSays(chat: { conversationSid: string; identity: string }, body: string) {
    const token = mintAccessToken(fixture.sandbox.credentials, chat.identity, 600);
    const response = await handleLiveRequest(
      fixture.sandbox,
      new Request(`http://sandbox.test/api/sandbox/conversations/${chat.conversationSid}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ body }),
      }),
      chat.conversationSid,
      "messages",
    );
    expect(response.status).toBe(201);
  }

  it("greets as no participant, waits for the reply, and hands off to Flex with the flow's attributes", async () => {
    const chat = await start();
    const [question, greeting] = messages(chat.conversationSid);
    expect(question!.author).toBe(chat.identity);
    expect(greeting!.body).toBe(
      "Hi Ana, I'm the virtual assistant. Reply 1 for your order status, or 2 to talk to a person.",
    );
    expect(greeting!.participant_sid).toBeNull();
    expect(tasks(chat.conversationSid)).toHaveLength(0);

    await visitorSays(chat, "2");
    expect(
      messages(chat.conversationSid)
        .map((m) => m.body)
        .slice(-2),
    ).toEqual(["2", "Connecting you to a person now."]);
    const [task] = tasks(chat.conversationSid);
    expect(JSON.parse(task!.attributes)).toMatchObject({
      from: "Ana",
      menu_choice: "asked for a person",
      conversationSid: chat.conversationSid,
    });
    // The export's workflow and chat channel are the sandbox's own, as TaskRouter answers them.
    const fetched = await fixture.ctx.client.taskrouter.v1
      .workspaces(fixture.sandbox.flex.data.ids.workspaceSid)
      .tasks(task!.sid)
      .fetch();
    expect(fetched.workflowSid).toBe("WW00000000000000000000000000000000");
    expect(fetched.taskChannelSid).toBe("TC00000000000000000000000000000000");

    // Studio let go of the conversation: later messages reach no flow and make no second task.
    await visitorSays(chat, "1");
    expect(messages(chat.conversationSid).at(-1)!.body).toBe("1");
    expect(tasks(chat.conversationSid)).toHaveLength(1);
  });

  it("answers a menu choice without Flex, and a new message starts the flow again", async () => {
    const chat = await start();
    await visitorSays(chat, "1");
    expect(messages(chat.conversationSid).at(-1)!.body).toMatch(/^Orders ship within \*\*2 business days\*\*/);
    expect(tasks(chat.conversationSid)).toHaveLength(0);
    await visitorSays(chat, "thanks");
    expect(messages(chat.conversationSid).at(-1)!.body).toMatch(/^Hi Ana, I'm the virtual assistant/);
  });

  it("compares replies exactly: an unknown answer is not understood and the menu comes again", async () => {
    const chat = await start();
    await visitorSays(chat, "Two");
    const bodies = messages(chat.conversationSid).map((m) => m.body);
    expect(bodies.slice(-2)).toEqual([
      "Sorry, I didn't catch that.",
      "Hi Ana, I'm the virtual assistant. Reply 1 for your order status, or 2 to talk to a person.",
    ]);
    expect(tasks(chat.conversationSid)).toHaveLength(0);
  });

  it("leaves by timeout when no reply comes in time", async () => {
    // 600 s at 6,000× real time: a tenth of a second.
    const chat = await start(6_000);
    await expect.poll(() => tasks(chat.conversationSid).length, { timeout: 3_000 }).toBe(1);
    expect(JSON.parse(tasks(chat.conversationSid)[0]!.attributes).menu_choice).toBe("no reply to the menu");
  });

  it("hands off a visitor whose name has quotes and whose question has two lines (the app's data fits the template)", async () => {
    fixture = createSandboxFixture();
    const chat = await startWebChat(fixture.ctx, {
      name: 'Robert "Bob" \\ Smith',
      question: "Line one\nline two",
      fields: {},
    });
    const [task] = tasks(chat.conversationSid);
    expect(JSON.parse(task!.attributes).from).toBe("Robert \u201dBob\u201d \uff3c Smith");
    // The exact words are the conversation's: its first message and the visitor's name.
    expect(messages(chat.conversationSid)[0]!.body).toBe("Line one\nline two");
  });

  it("fails Send to Flex on attributes that are not JSON once rendered, and no task is made", async () => {
    fixture = createSandboxFixture();
    const chat = await fixture.sandbox.createWebChat({
      addressSid: fixture.sandbox.credentials.flexAddressSid,
      customerFriendlyName: "Q",
      preEngagementData: JSON.stringify({ friendlyName: 'Robert "Bob"' }),
    });
    fixture.sandbox.postMessage(chat.conversation_sid, { author: chat.identity, body: "Hi" }, { webhooks: true });
    expect(tasks(chat.conversation_sid)).toHaveLength(0);
  });

  it("runs a new account's flow when none is given: the task carries the visitor's name", async () => {
    fixture = createSandboxFixture();
    const chat = await startWebChat(fixture.ctx, { name: "Bo", question: "Hello?", fields: {} });
    const [task] = tasks(chat.conversationSid);
    expect(JSON.parse(task!.attributes)).toMatchObject({ from: "Bo", conversationSid: chat.conversationSid });
    expect(messages(chat.conversationSid)).toHaveLength(1);
  });
});
