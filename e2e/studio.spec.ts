import { E2E_AGENT_PASSWORD } from "../playwright.config";
import { en } from "./catalog";
import { expect, test } from "./fixtures";
import { freshDatabase, ownServer } from "./own-server";
import { AgentPage, VisitorPage, visitorName } from "./pages";

// A site owner's Studio flow, exported from Studio and run by the sandbox (docs/studio/menu-flow.json): a bot greets,
// offers a menu, answers one choice itself and hands the other to Flex. The visitor sees the bot as the bot, waits for
// an agent only after the hand-off, and the agent sees what happened before it.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 65;
const DATABASE = ".data/e2e-studio.sqlite";
const server = ownServer(PORT, { SANDBOX_DATABASE: DATABASE, SANDBOX_STUDIO_FLOW: "docs/studio/menu-flow.json" });
test.beforeAll(async () => {
  freshDatabase(DATABASE);
  await server.start();
});
test.afterAll(() => server.stop());

test("a flow's bot greets, answers from its menu, and hands off to an agent who sees the history", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: server.base });
  const visitor = new VisitorPage(await context.newPage());
  const name = visitorName("Noor");
  await visitor.startChat({ name, question: "Where is my order?" });

  // The bot speaks as the bot: its name and mark, not an agent's; no queue yet, nobody "waiting for an agent".
  const greeting = `Hi ${name}, I'm the virtual assistant. Reply 1 for your order status, or 2 to talk to a person.`;
  await expect(visitor.log.getByText(greeting)).toBeVisible();
  await expect(visitor.log.locator(".message-author", { hasText: en.chat.bot })).toBeVisible();
  await expect(visitor.log.locator(".avatar-bot")).toHaveCount(1);
  await expect(visitor.log.getByText(en.chat.agent, { exact: true })).toHaveCount(0);
  await expect(visitor.page.getByText(en.chat.withBot)).toBeVisible();
  await expect(visitor.page.getByText(en.chat.waiting)).toHaveCount(0);

  // The agent console has nothing to accept while the flow runs.
  const agentContext = await browser.newContext({
    baseURL: server.base,
    httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD },
  });
  const agent = new AgentPage(await agentContext.newPage());
  await agent.page.goto("/agent");
  await expect(agent.page.getByRole("button", { name: `Accept ${name}` })).toHaveCount(0);

  // A choice the bot answers itself (its Markdown rendered), then the menu again, then the hand-off.
  await visitor.send("1");
  await expect(visitor.log.getByText("2 business days", { exact: true })).toHaveJSProperty("tagName", "STRONG");
  await visitor.send("Thanks, and one more thing");
  await expect(visitor.log.getByText(greeting)).toHaveCount(2);
  await visitor.send("2");
  await expect(visitor.log.getByText("Connecting you to a person now.")).toBeVisible();
  await expect(visitor.page.getByText(en.chat.waiting)).toBeVisible({ timeout: 15_000 });
  await expect(visitor.page.getByRole("status").filter({ hasText: /in line\./ })).toBeVisible({ timeout: 15_000 });

  // The agent is offered the chat with what the bot and the visitor said, and joins it.
  await agent.page.goto("/agent");
  await agent.page.getByRole("link", { name }).click();
  const before = agent.page.getByRole("list", { name: "Messages" });
  await expect(before.getByRole("listitem").filter({ hasText: greeting }).first()).toContainText("Bot");
  await expect(before).toContainText("Connecting you to a person now.");
  await agent.openConversationWith(name);
  await expect(agent.log.getByText(greeting).first()).toBeVisible();
  await agent.send("Hello, I can help with that. Let me look at your order.");
  await expect(visitor.log.getByText("Hello, I can help with that. Let me look at your order.")).toBeVisible();
  // The flow let go at the hand-off: the visitor's next words reach the agent, and no bot answers them.
  await visitor.send("1 more question: can I change the address?");
  await expect(agent.log.getByText("1 more question: can I change the address?")).toBeVisible();
  await expect(visitor.log.getByText("Connecting you to a person now.")).toHaveCount(1);
  await context.close();
  await agentContext.close();
});
