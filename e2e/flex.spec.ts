import { rmSync } from "node:fs";
import { Sandbox } from "../lib/sandbox/sandbox";
import { SandboxStore } from "../lib/sandbox/store";
import { E2E_AGENT_PASSWORD, E2E_SANDBOX_DATABASE } from "../playwright.config";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { ownServer } from "./own-server";
import { VisitorPage, visitorName } from "./pages";

// The sandbox routes chats the way Flex does: a firing first message → Studio's Send to Flex → a task in the
// agent console's queue → Accept → chat → End chat (task to wrap-up) → Complete.

/** "3 open conversations have never reached Flex" → 3 (0 when the notice is absent). */
async function unroutedCount(page: VisitorPage["page"]) {
  const notice = page.getByText(/never reached Flex/);
  if ((await notice.count()) === 0) return 0;
  return Number(/^(\d+)/.exec((await notice.textContent()) ?? "")?.[1] ?? "0");
}

test("a chat reaches the queue through its first message; one that fired no webhook is counted, not queued", async ({
  visitor,
  agent,
}) => {
  await agent.page.goto("/agent");
  const before = await unroutedCount(agent.page);

  const name = visitorName("Routed");
  await visitor.startChat({ name, question: "Is my order on its way?" });
  await expect(visitor.page.getByText("Waiting for an agent to join…")).toBeVisible();
  // Where the visitor stands, from TaskRouter (earlier tests may have left chats waiting ahead of this one).
  await expect(
    visitor.page.getByRole("status").filter({ hasText: /^You're (next|number \d+) in line\./ }),
  ).toBeVisible();
  await expectNoViolations(visitor.page);

  // A conversation whose first message was created over REST without X-Twilio-Webhook-Enabled, as the app once did.
  const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
  const orphan = visitorName("Unrouted");
  const chat = sandbox.createWebChat({ addressSid: sandbox.credentials.flexAddressSid, customerFriendlyName: orphan });
  sandbox.postMessage(
    chat.conversation_sid,
    { author: chat.identity, body: "Nobody will see me" },
    { webhooks: false },
  );
  sandbox.close();

  await agent.showInQueue(name);
  const waiting = agent.page.getByRole("list", { name: /^Waiting/ });
  await expect(waiting.getByRole("listitem").filter({ hasText: name })).toContainText("Is my order on its way?");
  await expect(agent.page.getByRole("button", { name: `Accept ${name}` })).toBeVisible();
  await expect(agent.page.getByText(orphan)).toHaveCount(0);
  expect(await unroutedCount(agent.page)).toBe(before + 1);
});

test("the queue pages through every waiting chat, so a flood of chats cannot hide a real visitor", async ({
  visitor,
  agent,
}) => {
  const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
  const floods: string[] = [];
  for (let i = 0; i < 30; i++) {
    const flood = sandbox.createWebChat({
      addressSid: sandbox.credentials.flexAddressSid,
      customerFriendlyName: `Flood ${i}`,
    });
    sandbox.postMessage(flood.conversation_sid, { author: flood.identity, body: "spam" }, { webhooks: true });
    floods.push(flood.conversation_sid);
  }
  sandbox.close();
  const name = visitorName("Buried");
  await visitor.startChat({ name, question: "Am I still in the queue?" });

  await agent.page.goto("/agent");
  await expect(agent.page.getByRole("navigation", { name: "Queue pages" })).toContainText(/Page 1 of \d+/);
  for (let i = 0; i < 20 && (await agent.page.getByRole("button", { name: `Accept ${name}` }).count()) === 0; i++) {
    await agent.page.getByRole("link", { name: "Later →" }).click();
    await expect(agent.page.getByRole("navigation", { name: "Queue pages" })).toContainText(`Page ${i + 2} of`);
  }
  // And back again: the pages go both ways.
  const at = Number(
    /Page (\d+) of/.exec((await agent.page.getByRole("navigation", { name: "Queue pages" }).textContent()) ?? "")?.[1],
  );
  await agent.page.getByRole("link", { name: "← Earlier" }).click();
  await expect(agent.page.getByRole("navigation", { name: "Queue pages" })).toContainText(`Page ${at - 1} of`);
  await agent.page.getByRole("link", { name: "Later →" }).click();
  await agent.page.getByRole("button", { name: `Accept ${name}` }).click();
  await expect(agent.page.getByRole("heading", { name: `Chat with ${name}` })).toBeVisible();

  // The flood leaves the queue as it found it: later specs' places in line are their own.
  const cleanup = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
  for (const sid of floods)
    for (const task of cleanup.flex.data.listTasks({ conversationSid: sid }))
      cleanup.flex.updateTask(task.sid, { status: "canceled" });
  cleanup.close();
});

test("an Accept that comes too late says why, and nothing changes", async ({ visitor, agent }) => {
  const name = visitorName("TooLate");
  await visitor.startChat({ name, question: "Never mind" });
  await agent.showInQueue(name);
  // The visitor leaves while the agent is looking at the queue.
  await visitor.askToEnd();
  await visitor.page
    .getByRole("dialog", { name: "End this chat?" })
    .getByRole("button", { name: "Yes, end chat" })
    .click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  await agent.page.getByRole("button", { name: `Accept ${name}` }).click();
  await expect(
    agent.page
      .getByRole("alert")
      .filter({ hasText: "That chat can no longer be accepted: the visitor left or another agent took it." }),
  ).toBeVisible();
  await expect(agent.page.getByRole("button", { name: `Accept ${name}` })).toHaveCount(0);
});

test("accept → chat both ways → the visitor's End chat puts the agent's task in wrap-up → Complete", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Wrapup");
  await visitor.startChat({ name, question: "Can you change my address?" });

  await agent.showInQueue(name);
  await agent.page.getByRole("button", { name: `Accept ${name}` }).click();
  await expect(agent.page.getByRole("heading", { name: `Chat with ${name}` })).toBeVisible();
  await expect(agent.page.locator(".details-task")).toHaveText("In conversation");
  // The full-page chat says where the visitor started: the chat page itself.
  await expect(agent.page.locator(".details-page")).toContainText("/chat");
  // The form's fields as configured, each with its label: the question, and the Topic nobody chose.
  await expect(agent.page.locator(".details-field-question")).toHaveText(
    /How can we help\?\s*Can you change my address\?/,
  );
  await expect(agent.page.locator(".details-field-topic")).toHaveText(/Topic\s*Not given/);
  // A line in the log, announced once to screen readers; the header says who the visitor is talking to.
  await expect(visitor.log.getByText("Agent joined the chat")).toBeVisible();
  await expect(visitor.page.getByRole("log", { name: "Chat announcements" })).toContainText("Agent joined the chat");
  await expect(visitor.page.getByText("You're chatting with Agent.")).toBeVisible();
  await expect(visitor.page.getByText(/in line\./)).toHaveCount(0);

  await agent.send("Sure, what is the new address?");
  await expect(visitor.log).toContainText("Sure, what is the new address?");
  // The agent as a person: their initials beside the last message of their run (decorative: the name is in the text).
  const agentRow = visitor.log.getByRole("listitem").filter({ hasText: "Sure, what is the new address?" });
  await expect(agentRow.locator(".avatar")).toHaveText("A");
  await expect(agentRow.locator(".avatar")).toHaveAttribute("aria-hidden", "true");
  await visitor.send("12 Main Street");
  await expect(agent.log).toContainText("12 Main Street");

  await visitor.askToEnd();
  await visitor.page
    .getByRole("dialog", { name: "End this chat?" })
    .getByRole("button", { name: "Yes, end chat" })
    .click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();

  // The agent's side moved to wrap-up (not left assigned), and the conversation is closed for them too: live,
  // without a reload, the task says so and offers Complete.
  await expect(agent.page.getByText("This conversation is closed.")).toBeVisible();
  await expect(agent.page.locator(".details-task")).toHaveText("Wrap-up");
  await expect(agent.page.getByRole("button", { name: "Complete" })).toBeVisible();
  await agent.page.goto("/agent");
  const mine = agent.page.getByRole("list", { name: /^Your chats/ });
  await expect(mine.getByRole("listitem").filter({ hasText: name })).toContainText("Wrap-up");

  await mine.getByRole("link", { name }).click();
  await agent.page.getByRole("button", { name: "Complete" }).click();
  await expect(agent.page.getByRole("heading", { name: "Agent console" })).toBeVisible();
  await expect(agent.page.getByText(name)).toHaveCount(0);
});

test("the console's lists say where each chat stands: state, wait, unread messages, the last message", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Lists");
  await visitor.startChat({ name, question: "Where is my order?" });
  await visitor.send("It was due on Monday");

  await agent.showInQueue(name);
  const waiting = agent.page
    .getByRole("list", { name: /^Waiting/ })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(waiting).toContainText("Waiting");
  await expect(waiting).toContainText(/waiting (under a minute|\d+ min)/);
  // The question and the message after it, neither read by an agent yet.
  await expect(waiting.getByText("2 unread messages")).toHaveCount(1);
  await expect(waiting.locator(".conversation-last")).toHaveText(`${name}: It was due on Monday`);

  await agent.openConversationWith(name);
  await expect(agent.log).toContainText("It was due on Monday");
  await agent.send("It ships today");
  await agent.page.goto("/agent");
  const mine = agent.page
    .getByRole("list", { name: /^Your chats/ })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(mine).toContainText("Active");
  await expect(mine.locator(".conversation-last")).toHaveText("You: It ships today");
  await expect(mine.getByText(/unread message/)).toHaveCount(0);

  // The list refreshes by itself: the visitor's answer shows as unread with its text.
  await visitor.send("Thank you!");
  await expect(mine.getByText("1 unread message")).toHaveCount(1);
  await expect(mine.locator(".conversation-last")).toHaveText(`${name}: Thank you!`);
  await expectNoViolations(agent.page);
});

test("the agent's End chat ends it for the visitor and leaves the task in wrap-up", async ({ visitor, agent }) => {
  const name = visitorName("AgentEnds");
  await visitor.startChat({ name, question: "Thanks, that's all" });
  await agent.openConversationWith(name);
  await agent.send("Glad to help.");
  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  // Flex takes the agent out of the conversation: the visitor's log says so, once.
  await expect(visitor.log.getByText("Agent left the chat")).toBeVisible();
  await expect(visitor.page.getByRole("log", { name: "Chat announcements" })).toContainText("Agent left the chat");
  await expect(agent.page.getByRole("button", { name: "Complete" })).toBeVisible();
  await expect(agent.page.locator(".details-task")).toHaveText("Wrap-up");
  // Wrap-up keeps what was said in view, read-only.
  await expect(agent.page.getByText("You have left this conversation.")).toBeVisible();
  await expect(agent.page.getByRole("list", { name: "Messages" })).toContainText("Glad to help.");
  await expect(agent.page.getByText("This conversation is closed.")).toBeVisible();
  await expect(agent.page.getByLabel("Reply")).toHaveCount(0);
  await expectNoViolations(agent.page);
});

test("a second submit of the form (another tab) resumes the chat instead of starting another", async ({
  context,
  agent,
}) => {
  const name = visitorName("Twice");
  const first = new VisitorPage(await context.newPage());
  const second = new VisitorPage(await context.newPage());
  await first.open();
  await second.open();
  await first.fillForm({ name, question: "First tab" });
  await second.fillForm({ name, question: "Second tab" });
  await first.page.getByRole("button", { name: "Start chat" }).click();
  await expect(first.log).toContainText("First tab");
  await second.page.getByRole("button", { name: "Start chat" }).click();
  await expect(second.log).toContainText("First tab");
  await expect(second.log).not.toContainText("Second tab");

  await agent.showInQueue(name);
  await expect(agent.page.getByRole("listitem").filter({ hasText: name })).toHaveCount(1);
});

test("a message whose send got no answer is looked up before it is sent again: the agent gets it once", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Resend");
  await visitor.startChat({ name, question: "Flaky network here" });
  await agent.openConversationWith(name);
  // The first send reaches the sandbox, but its answer is lost on the way back.
  let lost = false;
  await visitor.page.route("**/api/sandbox/conversations/*/messages", async (route) => {
    if (route.request().method() !== "POST" || lost) return route.continue();
    lost = true;
    await route.fetch();
    await route.abort("connectionreset");
  });
  await visitor.composer.fill("exactly once, please");
  await visitor.composer.press("Enter");
  await expect(agent.log.getByText("exactly once, please", { exact: true })).toHaveCount(1);
  await expect(visitor.log.getByText("Sending…")).toHaveCount(0, { timeout: 10_000 });
  // Time for a second send to arrive, were there one.
  await visitor.send("and then the next one");
  await expect(agent.log).toContainText("and then the next one");
  await expect(agent.log.getByText("exactly once, please", { exact: true })).toHaveCount(1);
  await visitor.page.reload();
  await expect(visitor.log.getByText("exactly once, please", { exact: true })).toHaveCount(1);
});

test.describe("conversation timers", () => {
  // A server of this spec's own whose timers run 600 times faster: PT1M inactive is 0.1 s, PT10M closed 1 s.
  const PORT = Number(process.env.E2E_PORT ?? 3100) + 70;
  const DATABASE = ".data/e2e-timers.sqlite";
  const server = ownServer(PORT, {
    SANDBOX_DATABASE: DATABASE,
    SANDBOX_CLOCK_SPEED: "600",
    CHAT_INACTIVE_AFTER: "PT1M",
    CHAT_CLOSED_AFTER: "PT10M",
  });
  test.beforeAll(async () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${DATABASE}${suffix}`, { force: true });
    await server.start();
  });
  test.afterAll(() => server.stop());

  test("an abandoned chat closes by its timer, and the visitor sees the ended view", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.base });
    const visitor = new VisitorPage(await context.newPage());
    const name = visitorName("Idle");
    await visitor.startChat({ name, question: "I'll be right back" });
    await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible({ timeout: 10_000 });
    await expect(visitor.composer).toBeHidden();
    await visitor.page.reload();
    await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
    await context.close();

    // Closing the conversation leaves Flex's task waiting: the console says the visitor left and offers Dismiss.
    const agentContext = await browser.newContext({
      baseURL: server.base,
      httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD },
    });
    const agent = await agentContext.newPage();
    await agent.goto("/agent");
    const entry = agent
      .getByRole("list", { name: /^Waiting/ })
      .getByRole("listitem")
      .filter({ hasText: name });
    await expect(entry).toContainText("The visitor has left.");
    await expect(entry.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
    await entry.getByRole("button", { name: `Dismiss ${name}` }).click();
    await expect(agent.getByRole("heading", { name: "Agent console" })).toBeVisible();
    await expect(agent.getByText(name)).toHaveCount(0);
    await agentContext.close();
  });
});

test("a waiting visitor sees their place move up as the one ahead is accepted, and how long agents usually take", async ({
  visitor,
  agent,
  browser,
}) => {
  const place = (page: typeof visitor.page) => page.getByRole("status").filter({ hasText: /in line\./ });
  const positionOf = async (page: typeof visitor.page) => {
    const text = (await place(page).textContent()) ?? "";
    return /next in line/.test(text) ? 1 : Number(/number (\d+)/.exec(text)?.[1]);
  };
  const ahead = visitorName("Ahead");
  await visitor.startChat({ name: ahead, question: "I was here first." });
  await expect(place(visitor.page)).toBeVisible();
  const context = await browser.newContext();
  const behind = new VisitorPage(await context.newPage());
  await behind.startChat({ name: visitorName("Behind"), question: "I came second." });
  await expect(place(behind.page)).toBeVisible();
  const first = await positionOf(visitor.page);
  await expect.poll(() => positionOf(behind.page), { timeout: 15_000 }).toBe(first + 1);

  await agent.openConversationWith(ahead);
  await expect.poll(() => positionOf(behind.page), { timeout: 15_000 }).toBe(first);
  // An agent accepted a chat within the hour: the queue's statistics give the usual wait.
  await expect(place(behind.page)).toContainText(/Agents usually answer within (a minute|\d+ minutes)\./, {
    timeout: 15_000,
  });
  await context.close();
});
