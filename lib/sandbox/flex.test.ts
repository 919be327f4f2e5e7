import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AGENT_IDENTITY } from "@/lib/sandbox/agent";
import { handleLiveRequest } from "@/lib/sandbox/live";
import { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxStore } from "@/lib/sandbox/store";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { OpenApiContract } from "@/lib/testing/openapi-contract";
import { conversationTaskFilter, endFlexInteraction } from "@/lib/twilio/flex";
import {
  WebChatStartFailed,
  agentDisplayNames,
  closeConversation,
  endWebChat,
  mintAccessToken,
  startWebChat,
} from "@/lib/twilio/webchat";

// The sandbox routes a web chat the way Flex does, and the app's Twilio calls are checked against that behaviour:
// each test here fails if the app drives Flex the wrong way (no webhook header, closing instead of ending, ...).

const contract = new OpenApiContract();
let fixture: ReturnType<typeof createSandboxFixture>;
beforeEach(() => {
  fixture = createSandboxFixture();
});
afterEach(() => fixture.close());

const visitor = { name: "Ana", question: "Where is my order?", fields: { email: "ana@example.com" } };

function expectAllConform() {
  expect(fixture.exchanges.length).toBeGreaterThan(0);
  for (const exchange of fixture.exchanges) {
    expect(contract.check(exchange), `${exchange.method} ${exchange.url}`).toEqual([]);
  }
}

function tasksOf(conversationSid: string) {
  return fixture.sandbox.flex.data.listTasks({ conversationSid });
}

/** A message as the browser's client sends it (the live API stands for the Conversations SDK). */
async function clientSends(conversationSid: string, identity: string, body: string) {
  const { sandbox } = fixture;
  const token = mintAccessToken(sandbox.credentials, identity, 600);
  const response = await handleLiveRequest(
    sandbox,
    new Request(`http://sandbox.test/api/sandbox/conversations/${conversationSid}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    }),
    conversationSid,
    "messages",
  );
  expect(response.status).toBe(201);
}

describe("a web chat reaches Flex only through a firing first message", () => {
  it("sends the first message with X-Twilio-Webhook-Enabled, so Studio's Send to Flex makes one task", async () => {
    const chat = await startWebChat(fixture.ctx, visitor);
    const first = fixture.exchanges.find((e) => e.url.endsWith(`/Conversations/${chat.conversationSid}/Messages`));
    expect(first?.headers?.["x-twilio-webhook-enabled"]).toBe("true");

    const [task, ...more] = tasksOf(chat.conversationSid);
    expect(more).toEqual([]);
    expect(task?.assignment_status).toBe("pending");
    const attributes = JSON.parse(task!.attributes);
    const interaction = fixture.sandbox.flex.data.interactionOfConversation(chat.conversationSid)!;
    expect(attributes).toMatchObject({
      conversationSid: chat.conversationSid,
      flexInteractionSid: interaction.sid,
      flexInteractionChannelSid: interaction.channel_sid,
      customerName: "Ana",
      pre_engagement_data: { friendlyName: "Ana", question: "Where is my order?", email: "ana@example.com" },
    });
    expect(interaction.sid).toMatch(/^KD[0-9a-f]{32}$/);
    expect(interaction.channel_sid).toMatch(/^UO[0-9a-f]{32}$/);
    expect(task!.sid).toMatch(/^WT[0-9a-f]{32}$/);

    // Later messages, from either side, are Flex's now: no second task.
    await clientSends(chat.conversationSid, chat.identity, "Hello?");
    expect(tasksOf(chat.conversationSid)).toHaveLength(1);
    expect(fixture.sandbox.flex.data.countUnrouted()).toBe(0);
    expectAllConform();
  });

  it("creates no task for a REST message without the header (what the app did before); a client message routes it", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await ctx.client.flexApi.v2.webChannels.create({
      addressSid: ctx.settings.flexAddressSid,
      customerFriendlyName: "Bo",
    });
    await ctx.client.conversations.v1
      .conversations(chat.conversationSid)
      .messages.create({ author: chat.identity, body: "Hi" });
    expect(tasksOf(chat.conversationSid)).toEqual([]);
    expect(sandbox.flex.data.countUnrouted()).toBe(1);
    expect(sandbox.flex.data.deliveries(chat.conversationSid)).toEqual([]);

    await clientSends(chat.conversationSid, chat.identity, "Anyone there?");
    expect(tasksOf(chat.conversationSid)).toHaveLength(1);
    expect(sandbox.flex.data.deliveries(chat.conversationSid).map((d) => [d.target, d.event])).toEqual([
      ["studio", "onMessageAdded"],
    ]);
    expectAllConform();
  });

  it("opens with an accepted invitation as the system's message, and still routes on the question", async () => {
    const chat = await startWebChat(fixture.ctx, { ...visitor, invitation: "Need a hand with your order?" });
    const [invitation, question] = fixture.sandbox.store
      .listMessages(chat.conversationSid, "asc", 0, 10)
      .map((m) => fixture.sandbox.messageJson(m));
    expect(invitation).toMatchObject({ author: "system", body: "Need a hand with your order?", participant_sid: null });
    expect(question).toMatchObject({ author: chat.identity, body: visitor.question });
    // The invitation fired nothing; the question fired the flow, which made the one task.
    const fired = fixture.sandbox.flex.data
      .deliveries(chat.conversationSid)
      .filter((d) => d.event === "onMessageAdded");
    expect(fired).toHaveLength(1);
    expect(tasksOf(chat.conversationSid)).toHaveLength(1);
    expectAllConform();
  });

  it("wires the conversation to the address's Studio flow, visible through the Webhooks API", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await ctx.client.flexApi.v2.webChannels.create({ addressSid: ctx.settings.flexAddressSid });
    const hooks = await ctx.client.conversations.v1.conversations(chat.conversationSid).webhooks.list();
    expect(hooks.map((h) => [h.target, (h.configuration as { flow_sid?: string }).flow_sid])).toEqual([
      ["studio", sandbox.flex.data.ids.studioFlowSid],
    ]);
    const address = await ctx.client.conversations.v1.addressConfigurations(ctx.settings.flexAddressSid).fetch();
    expect(address.type).toBe("chat");
    expect(address.autoCreation).toMatchObject({ enabled: true, type: "studio" });
    const defaults = await ctx.client.conversations.v1.configuration().fetch();
    expect(defaults.defaultChatServiceSid).toBe(ctx.settings.conversationsServiceSid);
    const flex = await ctx.client.flexApi.v1.configuration().fetch();
    expect(flex.taskrouterWorkspaceSid).toBe(sandbox.flex.data.ids.workspaceSid);
    expectAllConform();
  });
});

describe("every Flex answer of the sandbox follows Twilio's documents", () => {
  it("tours addresses, webhooks, the interaction, its channel and participants, and the task", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const ids = sandbox.flex.data.ids;
    const addresses = await ctx.client.conversations.v1.addressConfigurations.list({ type: "chat" });
    expect(addresses.map((a) => a.sid)).toEqual([ctx.settings.flexAddressSid]);
    expect(await ctx.client.conversations.v1.addressConfigurations.list({ type: "sms" })).toEqual([]);

    const hooks = ctx.client.conversations.v1.conversations(chat.conversationSid).webhooks;
    const created = await hooks.create({
      target: "webhook",
      "configuration.url": "https://example.com/hook",
      "configuration.filters": ["onMessageAdded"],
    });
    expect((await hooks(created.sid).fetch()).target).toBe("webhook");
    await hooks(created.sid).remove();
    await expect(hooks(created.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });

    const [task] = tasksOf(chat.conversationSid);
    const attributes = JSON.parse(task!.attributes);
    const interaction = ctx.client.flexApi.v1.interaction(attributes.flexInteractionSid);
    expect((await interaction.fetch()).sid).toBe(attributes.flexInteractionSid);
    expect((await interaction.channels.list()).map((c) => c.sid)).toEqual([attributes.flexInteractionChannelSid]);
    const channel = await interaction.channels(attributes.flexInteractionChannelSid).fetch();
    expect([channel.type, channel.status]).toEqual(["web", "active"]);
    const participants = await interaction.channels(attributes.flexInteractionChannelSid).participants.list();
    expect(participants.map((p) => p.type)).toEqual(["customer"]);
    const fetched = await ctx.client.taskrouter.v1.workspaces(ids.workspaceSid).tasks(task!.sid).fetch();
    expect(JSON.parse(fetched.attributes).conversationSid).toBe(chat.conversationSid);
    await expect(ctx.client.taskrouter.v1.workspaces(`WS${"0".repeat(32)}`).tasks.list()).rejects.toMatchObject({
      status: 404,
    });
    expectAllConform();
  });
});

describe("a start that fails half-way leaves nothing in Flex", () => {
  it("ends the task the first message made when the timers update after it fails", async () => {
    fixture.close();
    const failTimers = async (request: Request) =>
      request.method === "POST" &&
      /\/Conversations\/CH[0-9a-f]{32}$/.test(new URL(request.url).pathname) &&
      new URLSearchParams(await request.text()).has("Timers.Inactive")
        ? Response.json({ status: 503, code: 20500, message: "Service unavailable" }, { status: 503 })
        : null;
    fixture = createSandboxFixture({ fault: failTimers });
    const error = await startWebChat(fixture.ctx, visitor, undefined, { inactive: "PT15M", closed: "PT2H" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebChatStartFailed);
    const { conversationSid } = error as WebChatStartFailed;
    const tasks = tasksOf(conversationSid);
    expect(tasks).toHaveLength(1);
    // Taken off the queue, not left pending for a chat no one can answer; the conversation closed after it.
    expect(tasks[0]!.assignment_status).toBe("canceled");
    expect(fixture.sandbox.store.getConversation(conversationSid)?.state).toBe("closed");
    // The message went first, then the timers: the order that lets a failure end what the message started.
    const order = fixture.exchanges.map((e) => new URL(e.url).pathname).filter((p) => p.includes(conversationSid));
    expect(order.slice(0, 2)).toEqual([
      `/v1/Conversations/${conversationSid}/Messages`,
      `/v1/Conversations/${conversationSid}`,
    ]);
  });
});

describe("the visitor's End chat ends the Flex side", () => {
  it("puts the agent's task in wrapping through the Interactions API, then closes the conversation", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    fixture.exchanges.length = 0;

    await endWebChat(ctx, chat.conversationSid);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");
    expect(sandbox.store.getConversation(chat.conversationSid)?.state).toBe("closed");
    const calls = fixture.exchanges.map(
      (e) => `${e.method} ${new URL(e.url).host}${new URL(e.url).pathname.replace(/[A-Z]{2}[0-9a-f]{32}/g, "…")}`,
    );
    expect(calls).toEqual([
      "GET flex-api.twilio.com/v1/Configuration",
      "GET taskrouter.twilio.com/v1/Workspaces/…/Tasks",
      "GET taskrouter.twilio.com/v1/Workspaces/…/Tasks/…",
      "GET flex-api.twilio.com/v1/Interactions/…/Channels/…/Participants",
      "POST flex-api.twilio.com/v1/Interactions/…/Channels/…/Participants/…",
      "POST conversations.twilio.com/v1/Conversations/…",
    ]);
    const query = new URL(fixture.exchanges[1]!.url).searchParams;
    expect(query.get("EvaluateTaskAttributes")).toBe(`conversationSid == "${chat.conversationSid}"`);
    // wrapup, not closed: the agent keeps the task in wrapping for notes ("Park an Interaction": closed completes it).
    expect(new URLSearchParams(fixture.exchanges[4]!.body).get("Status")).toBe("wrapup");
    expectAllConform();

    // Wrap-up done: TaskRouter completes the task.
    await ctx.client.taskrouter.v1
      .workspaces(sandbox.flex.data.ids.workspaceSid)
      .tasks(task!.sid)
      .update({ assignmentStatus: "completed" });
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("completed");
  });

  it("closes the channel of a chat nobody accepted yet, which takes its task off the queue", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    await endWebChat(ctx, chat.conversationSid);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("canceled");
    expect(sandbox.flex.data.interactionOfConversation(chat.conversationSid)?.channel_status).toBe("closed");
    expectAllConform();
  });

  it("is able to fail: closing the conversation alone (what the app did before) leaves the agent's task assigned", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    await closeConversation(ctx, chat.conversationSid);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("assigned");
    // A later End chat still finds the task by its attributes and wraps it.
    expect(await endFlexInteraction(ctx, chat.conversationSid)).toBe(1);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");
  });

  it("takes the agent out of the conversation when their channel participant closes, and the visitor hears it", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    const heard: string[] = [];
    sandbox.subscribe(chat.conversationSid, (event) => {
      if (event.type === "participantRemoved") heard.push((event.data as { identity: string }).identity);
    });
    expect(await endFlexInteraction(ctx, chat.conversationSid)).toBe(1);
    expect(sandbox.store.findParticipant(chat.conversationSid, AGENT_IDENTITY)).toBeUndefined();
    expect(sandbox.store.findParticipant(chat.conversationSid, chat.identity)).toBeDefined();
    expect(heard).toEqual([AGENT_IDENTITY]);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");
    expectAllConform();
  });

  it("is done whatever ended the chat first: a second End chat, or the agent's own End", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    await endWebChat(ctx, chat.conversationSid);
    await expect(endWebChat(ctx, chat.conversationSid)).resolves.toBeUndefined();
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");

    // The conversation closed by someone else (Flex, a timer): closing it again answers 50377, which is success here.
    const other = await startWebChat(ctx, visitor);
    sandbox.setConversationState(other.conversationSid, "closed", {}, { webhooks: false });
    await expect(
      ctx.client.conversations.v1.conversations(other.conversationSid).update({ state: "closed" }),
    ).rejects.toMatchObject({ status: 409, code: 50377 });
    await expect(endWebChat(ctx, other.conversationSid)).resolves.toBeUndefined();
  });

  it("still wraps the agent's task when Flex refuses to list the channel's participants: it closes the channel", async () => {
    fixture.close();
    fixture = createSandboxFixture({
      fault: async (request) =>
        request.method === "GET" &&
        new URL(request.url).pathname.endsWith("/Participants") &&
        new URL(request.url).host === "flex-api.twilio.com"
          ? Response.json({ status: 403, code: 20403, message: "Forbidden" }, { status: 403 })
          : null,
    });
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    await endWebChat(ctx, chat.conversationSid);
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");
    expect(sandbox.store.getConversation(chat.conversationSid)?.state).toBe("closed");
  });

  it("takes a task deleted between the search and its fetch as ended, and still closes the conversation", async () => {
    fixture.close();
    fixture = createSandboxFixture({
      fault: async (request) =>
        request.method === "GET" && /\/Tasks\/WT[0-9a-f]{32}$/.test(new URL(request.url).pathname)
          ? Response.json({ status: 404, code: 20404, message: "Not found" }, { status: 404 })
          : null,
    });
    const chat = await startWebChat(fixture.ctx, visitor);
    await expect(endWebChat(fixture.ctx, chat.conversationSid)).resolves.toBeUndefined();
    expect(fixture.sandbox.store.getConversation(chat.conversationSid)?.state).toBe("closed");
  });

  it("reads task attributes only from a single-task fetch, as TaskRouter shows them", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const tasks = ctx.client.taskrouter.v1.workspaces(sandbox.flex.data.ids.workspaceSid).tasks;
    const [listed] = await tasks.list({ evaluateTaskAttributes: conversationTaskFilter(chat.conversationSid) });
    expect(listed!.attributes).toBeNull();
    expect(JSON.parse((await tasks(listed!.sid).fetch()).attributes).conversationSid).toBe(chat.conversationSid);
    expectAllConform();
  });

  it("moves the task as Interactions documents: wrapup to wrapping, closed to completed, agents only", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    const { flexInteractionSid, flexInteractionChannelSid } = JSON.parse(task!.attributes);
    const channel = ctx.client.flexApi.v1.interaction(flexInteractionSid).channels(flexInteractionChannelSid);
    const participants = await channel.participants.list();
    const agent = participants.find((p) => p.type === "agent")!;
    const customer = participants.find((p) => p.type === "customer")!;
    await expect(channel.participants(customer.sid).update({ status: "wrapup" })).rejects.toMatchObject({
      status: 400,
    });
    await channel.participants(agent.sid).update({ status: "wrapup" });
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("wrapping");
    await channel.participants(agent.sid).update({ status: "closed" });
    expect(sandbox.flex.data.getTask(task!.sid)?.assignment_status).toBe("completed");
    // Flex owns its tasks: TaskRouter's cancel is refused for them ("Flex Conversations best practices").
    const waiting = await startWebChat(ctx, visitor);
    const [queued] = tasksOf(waiting.conversationSid);
    const tasks = ctx.client.taskrouter.v1.workspaces(sandbox.flex.data.ids.workspaceSid).tasks;
    await expect(tasks(queued!.sid).update({ assignmentStatus: "canceled" })).rejects.toMatchObject({ status: 400 });
    expectAllConform();
  });

  it("refuses task moves TaskRouter refuses, and filters it does not read", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    const tasks = ctx.client.taskrouter.v1.workspaces(sandbox.flex.data.ids.workspaceSid).tasks;
    await expect(tasks(task!.sid).update({ assignmentStatus: "completed" })).rejects.toMatchObject({ status: 400 });
    await expect(tasks.list({ evaluateTaskAttributes: "conversationSid CONTAINS 'CH'" })).rejects.toMatchObject({
      status: 400,
    });
    expect(() => conversationTaskFilter('CH" or 1 == "1')).toThrow();
    const found = await tasks.list({
      evaluateTaskAttributes: conversationTaskFilter(chat.conversationSid),
      assignmentStatus: ["pending"],
    });
    expect(found.map((t) => t.sid)).toEqual([task!.sid]);
  });
});

describe("agents as Flex names them", () => {
  it("reads the agent's Conversations User friendlyName (set by Flex), never a participant attribute", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const conversation = ctx.client.conversations.v1.conversations(chat.conversationSid);
    expect(await agentDisplayNames(ctx, chat.conversationSid, chat.identity)).toEqual({});
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    // A participant that only carries a name in its attributes (which Flex does not set) stays nameless.
    await conversation.participants.create({
      identity: "supervisor-1",
      attributes: JSON.stringify({ friendly_name: "Internal Name" }),
    });
    expect(await agentDisplayNames(ctx, chat.conversationSid, chat.identity)).toEqual({ [AGENT_IDENTITY]: "Alex" });
    expectAllConform();
  });

  it("still names an agent who has left (wrap-up) by the messages they wrote, as the ended chat shows them", async () => {
    const { ctx, sandbox } = fixture;
    const chat = await startWebChat(ctx, visitor);
    const [task] = tasksOf(chat.conversationSid);
    sandbox.flex.accept(task!.sid, { identity: AGENT_IDENTITY, friendlyName: "Alex" });
    sandbox.postMessage(chat.conversationSid, { author: AGENT_IDENTITY, body: "Hello, I'm Alex" }, { webhooks: false });
    await endWebChat(ctx, chat.conversationSid);
    expect(await agentDisplayNames(ctx, chat.conversationSid, chat.identity)).toEqual({});
    const authors = sandbox.store.listMessages(chat.conversationSid, "asc", 0, 50).map((m) => m.author);
    expect(await agentDisplayNames(ctx, chat.conversationSid, chat.identity, authors)).toEqual({
      [AGENT_IDENTITY]: "Alex",
    });
  });
});

describe("conversation timers", () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  it("when both timers fell due at once (the process was down), goes inactive then closed, in Twilio's order", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "timers-"));
    const file = path.join(dir, "sandbox.sqlite");
    try {
      const before = new Sandbox(new SandboxStore(file), { clockSpeed: 6000 });
      const chat = before.createWebChat({ addressSid: before.credentials.flexAddressSid, customerFriendlyName: "T" });
      before.timers.set(chat.conversation_sid, { inactive: "PT1M", closed: "PT10M" });
      before.close(); // down before either fired
      await new Promise((resolve) => setTimeout(resolve, 150)); // both are now past due
      sandbox = new Sandbox(new SandboxStore(file), { clockSpeed: 6000 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const states = sandbox.store
        .eventsAfter(chat.conversation_sid, 0, 50)
        .filter((e) => e.type === "conversationUpdated")
        .map((e) => (JSON.parse(e.data) as { state: string }).state);
      expect(states).toEqual(["inactive", "closed"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("moves an idle chat to inactive, then closed, with events; a message restarts them", async () => {
    // 6,000 times real time: one minute is 10 ms, ten minutes 100 ms.
    sandbox = new Sandbox(new SandboxStore(":memory:"), { clockSpeed: 6000 });
    const chat = sandbox.createWebChat({ addressSid: sandbox.credentials.flexAddressSid, customerFriendlyName: "T" });
    const states: string[] = [];
    sandbox.subscribe(chat.conversation_sid, (event) => {
      if (event.type === "conversationUpdated") states.push((event.data as { state: string }).state);
    });
    sandbox.timers.set(chat.conversation_sid, { inactive: "PT1M", closed: "PT10M" });
    expect(
      Object.keys(sandbox.conversationJson(sandbox.requireConversation(chat.conversation_sid)).timers).sort(),
    ).toEqual(["date_closed", "date_inactive"]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sandbox.requireConversation(chat.conversation_sid).state).toBe("inactive");
    sandbox.postMessage(chat.conversation_sid, { author: chat.identity, body: "still here" }, { webhooks: true });
    expect(sandbox.requireConversation(chat.conversation_sid).state).toBe("active");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sandbox.requireConversation(chat.conversation_sid).state).toBe("closed");
    expect(states).toEqual(["inactive", "active", "inactive", "closed"]);
    expect(sandbox.conversationJson(sandbox.requireConversation(chat.conversation_sid)).timers).toEqual({});
  });

  it("takes the app's timers through the twilio package and refuses ones under Twilio's minimums", async () => {
    const { ctx, sandbox: s } = fixture;
    const chat = await startWebChat(ctx, visitor, undefined, { inactive: "PT15M", closed: "PT2H" });
    const conversation = await ctx.client.conversations.v1.conversations(chat.conversationSid).fetch();
    const timers = conversation.timers as { date_inactive?: string; date_closed?: string };
    expect(Date.parse(timers.date_closed!) - Date.parse(timers.date_inactive!)).toBeCloseTo(105 * 60_000, -4);
    await expect(
      ctx.client.conversations.v1.conversations(chat.conversationSid).update({ "timers.closed": "PT5M" }),
    ).rejects.toMatchObject({ status: 400 });
    expect(s.requireConversation(chat.conversationSid).state).toBe("active");
    expectAllConform();
  });
});
