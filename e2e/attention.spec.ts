import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { AgentPage, VisitorPage, visitorName, newAgentContext, openChatMenu } from "./pages";
import { en } from "./catalog";

/** Makes a page believe it is in a background tab (headless pages are always "visible"). */
async function hide(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

test("a hidden leading tab counts unread messages in its title; reading in another tab clears it", async ({
  browser,
}) => {
  const visitorContext = await browser.newContext();
  const agentContext = await newAgentContext(browser);
  const first = new VisitorPage(await visitorContext.newPage());
  const agent = new AgentPage(await agentContext.newPage());
  const name = visitorName("Tabs");
  await first.startChat({ name, question: "Two tabs and a title" });
  const second = new VisitorPage(await visitorContext.newPage());
  await second.open();
  await expect(second.log).toContainText("Two tabs and a title");
  await agent.openConversationWith(name);

  await hide(first.page);
  await hide(second.page);
  await agent.send("Are you there?");
  await agent.send("Hello?");
  // Only the first tab (which holds the lead) changes its title.
  await expect(first.page).toHaveTitle(`(2) ${en.meta.title}`);
  await expect(second.page).toHaveTitle(en.meta.title);

  // The visitor comes back in the second tab and reads: every tab's unread clears.
  await second.page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await second.page.bringToFront();
  await second.page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect(first.page).toHaveTitle(en.meta.title);
  // And the agent sees the visitor has read the reply.
  await expect(agent.log.getByText("Read")).toBeVisible();
});

test("the visitor sees Read under their last message once the agent has read it", async ({ visitor, agent }) => {
  const name = visitorName("Receipt");
  await visitor.startChat({ name, question: "Did you read this?" });
  await expect(visitor.log.getByText("Read", { exact: true })).toHaveCount(0);
  await agent.openConversationWith(name);
  // Headless windows never gain focus by themselves: bring the agent's forward as a person switching to it would.
  await agent.page.bringToFront();
  await agent.page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect(visitor.log.getByText("Read", { exact: true })).toBeVisible();
});

test("sound is off by default and the choice is remembered; notifications are asked for by a click", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["notifications"]);
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = shown;
    class FakeNotification {
      static permission: NotificationPermission = "default";
      static async requestPermission() {
        FakeNotification.permission = "granted";
        return "granted" as const;
      }
      constructor(title: string) {
        shown.push(title);
      }
    }
    Object.defineProperty(window, "Notification", { value: FakeNotification });
  });
  const visitor = new VisitorPage(page);
  const name = visitorName("Sound");
  await visitor.startChat({ name, question: "Ring me" });
  // Sound is a state: a checkbox in the ⋯ menu.
  const sound = (await openChatMenu(page)).getByRole("menuitemcheckbox", { name: "Sound for new messages" });
  await expect(sound).toHaveAttribute("aria-checked", "false");
  await sound.click();
  await expect(page.getByRole("menu")).toBeHidden();
  await expect(
    (await openChatMenu(page)).getByRole("menuitemcheckbox", { name: "Sound for new messages" }),
  ).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(
    (await openChatMenu(page)).getByRole("menuitemcheckbox", { name: "Sound for new messages" }),
  ).toHaveAttribute("aria-checked", "true");

  await page.getByRole("menu").getByRole("menuitem", { name: "Turn on notifications" }).click();
  await expect((await openChatMenu(page)).getByRole("menuitem", { name: "Turn on notifications" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await hide(page);
  const agentPage = await (await newAgentContext(page.context().browser()!)).newPage();
  const agent = new AgentPage(agentPage);
  await agent.openConversationWith(name);
  await agent.send("A reply you should hear about");
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications))
    .toEqual(["New message from Agent"]);
  await agentPage.context().close();
});
