import { expect, test } from "./fixtures";
import { SandboxStore } from "../lib/sandbox/store";
import { E2E_SANDBOX_DATABASE } from "../playwright.config";
import { AgentPage, VisitorPage, visitorName, newAgentContext } from "./pages";

const COUNT = 5000;

/** Writes a long history straight into the running sandbox's database: three days ago, then the last 4 today. */
function seed(conversationSid: string, visitorIdentity: string) {
  const store = new SandboxStore(E2E_SANDBOX_DATABASE);
  const start = Date.now() - 3 * 24 * 3600_000;
  const when = (i: number) => (i > COUNT - 4 ? Date.now() - (COUNT - i + 1) * 10_000 : start + i * 10_000);
  store.transaction(() => {
    for (let i = 1; i <= COUNT; i++) {
      const author = i % 3 === 0 ? visitorIdentity : "sandbox-agent";
      store.addMessage({
        conversationSid,
        author,
        body: `History message ${i}`,
        participantSid: null,
        dateCreated: new Date(when(i)).toISOString().replace(/\.\d{3}Z$/, "Z"),
      });
    }
  });
  store.close();
}

test("a 5,000-message conversation loads the latest page, pages older ones in on scroll, and stays light", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const visitorContext = await browser.newContext();
  const agentContext = await newAgentContext(browser);
  const visitor = new VisitorPage(await visitorContext.newPage());
  const agent = new AgentPage(await agentContext.newPage());
  const name = visitorName("History");
  await visitor.startChat({ name, question: "Long history please" });
  await agent.openConversationWith(name);
  const conversationSid = agent.page.url().split("/").pop()!;
  const identity = (await agent.page.locator(".details-id").textContent())!;
  seed(conversationSid, identity);

  await visitor.page.reload();
  await expect(visitor.log.getByText(`History message ${COUNT}`, { exact: true })).toBeVisible();
  // The day changes 4 messages from the end: a separator names the new day.
  await expect(visitor.log.getByText(/^\w+day, \w+ \d+$/).first()).toBeAttached();
  // Virtualized: only a window of rows is in the DOM.
  expect(await visitor.log.getByRole("listitem").count()).toBeLessThan(80);

  // Scrolling to the top pages in 30 older messages at a time, keeping the reader's place.
  const scroller = visitor.log;
  const topmost = () => scroller.locator(".message-body").first().textContent();
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(topmost).not.toBe(`History message ${COUNT - 49}`);
  // The page before was put above, and the view stayed where the reader was (not thrown to the very top).
  await expect(scroller.getByText(`History message ${COUNT - 50}`, { exact: true })).toBeVisible();
  expect(await scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  for (let page = 0; page < 3; page++) await scroller.evaluate((el) => (el.scrollTop = 0));
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => Number((await topmost())?.split(" ").pop())).toBeLessThan(COUNT - 80);
  await expect(visitor.page.getByRole("button", { name: /Jump to latest/ })).toBeHidden();

  // Something new while scrolled up: a button offers to jump to it.
  await agent.send("A brand new reply");
  const jump = visitor.page.getByRole("button", { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(visitor.log.getByText("A brand new reply")).toBeVisible();
  await expect(jump).toBeHidden();
});

test("the log stays on the newest message through a long back-and-forth", async ({ visitor, agent }) => {
  const name = visitorName("Pinned");
  await visitor.startChat({ name, question: "Keep up with me" });
  await agent.openConversationWith(name);
  for (let i = 0; i < 12; i++) {
    await visitor.composer.fill(`ping ${i}`);
    await visitor.composer.press("Enter");
    await expect(agent.log.getByText(`ping ${i}`, { exact: true })).toBeVisible();
    await agent.reply.fill(`pong ${i}`);
    await agent.reply.press("Enter");
    // Visible in the viewport, not merely rendered somewhere off-screen.
    await expect(visitor.log.getByText(`pong ${i}`, { exact: true })).toBeInViewport();
  }
});
