import { expect, test } from "./fixtures";
import { fillForm, visitorName } from "./pages";
import { en } from "./catalog";
import type { Page } from "@playwright/test";

// "See both sides" (sandbox only): one person plays the visitor and the agent of their own chat, in one window,
// without the console's password — and sees no one else's chat from the agent's side.

const sides = (page: Page) => ({
  visitor: page.frameLocator(`iframe[title="The visitor's chat"]`),
  agent: page.frameLocator(`iframe[title="The agent's side"]`),
});

test("one person tries the whole journey from the landing page: start, accept, reply, end, complete, rate", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("link", { name: en.landing.bothSides }).click();
  await expect(page.getByRole("heading", { name: "See both sides" })).toBeVisible();
  const { visitor, agent } = sides(page);
  await expect(agent.getByText("No chat yet.")).toBeVisible();

  const name = visitorName("Both");
  await fillForm(visitor, { name, question: "Can I see how this works?" });
  await visitor.getByRole("button", { name: en.form.start }).click();
  await expect(visitor.getByRole("log", { name: "Messages" })).toContainText("Can I see how this works?");

  // The agent's side finds the chat in the queue by itself, with what the visitor asked.
  await agent.getByRole("button", { name: `Accept ${name}` }).click({ timeout: 15_000 });
  const reply = agent.getByLabel("Reply");
  await expect(reply).toBeVisible();
  await expect(agent.getByRole("log", { name: "Messages" })).toContainText("Can I see how this works?");
  await reply.fill("Hello from the other side");
  await reply.press("Enter");
  await expect(visitor.getByRole("log", { name: "Messages" }).getByText("Hello from the other side")).toBeVisible();

  await agent.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.getByRole("heading", { name: en.ended.title })).toBeVisible();
  await agent.getByRole("button", { name: "Complete" }).click();
  await expect(agent.getByText("This chat is over.")).toBeVisible();

  const rating = visitor.locator("form").filter({ has: visitor.getByRole("button", { name: en.rating.send }) });
  await rating.getByRole("radio", { name: en.rating.score5 }).check();
  await rating.getByRole("button", { name: en.rating.send }).click();
  await expect(visitor.getByText(en.rating.thanks)).toBeVisible();
});

test("on the agent's side each person sees only their own chat, and a phone stacks the two sides", async ({
  page,
  browser,
}) => {
  await page.goto("/demo");
  const { visitor } = sides(page);
  const first = visitorName("First");
  await fillForm(visitor, { name: first, question: "Mine alone" });
  await visitor.getByRole("button", { name: en.form.start }).click();
  await expect(sides(page).agent.getByRole("button", { name: `Accept ${first}` })).toBeVisible({ timeout: 15_000 });

  // Someone else on the same demo: their agent's side has nothing of the first person's chat.
  const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await other.newPage();
  await phone.goto("/demo");
  await expect(sides(phone).agent.getByText("No chat yet.")).toBeVisible();
  await expect(sides(phone).agent.getByText(first)).toHaveCount(0);
  // Opened on its own, the agent's side still reads only this person's cookie.
  await phone.goto("/demo/agent");
  await expect(phone.getByText("No chat yet.")).toBeVisible();

  await phone.goto("/demo");
  const [top, bottom] = await Promise.all(
    ["The visitor's chat", "The agent's side"].map((title) => phone.locator(`iframe[title="${title}"]`).boundingBox()),
  );
  expect(bottom!.y).toBeGreaterThanOrEqual(top!.y + top!.height);
  await other.close();

  // The first person takes their own chat and ends it: nothing of this spec is left waiting in the queue.
  await sides(page)
    .agent.getByRole("button", { name: `Accept ${first}` })
    .click();
  await sides(page).agent.getByRole("button", { name: "End chat" }).click();
  await expect(sides(page).agent.getByRole("button", { name: "Complete" })).toBeVisible();
});

test("a button pressed on a stale agent's side says why it did nothing", async ({ page, browser }) => {
  await page.goto("/demo");
  const { visitor, agent } = sides(page);
  const name = visitorName("Stale");
  await fillForm(visitor, { name, question: "Two tabs" });
  await visitor.getByRole("button", { name: en.form.start }).click();
  await expect(agent.getByRole("button", { name: `Accept ${name}` })).toBeVisible({ timeout: 15_000 });

  // A second tab of the same person, without scripts: its page stays as it was loaded, and its forms post as forms.
  const stale = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const tab = await stale.newPage();
  const problem = tab.getByRole("alert");

  await tab.goto("/demo/agent");
  await agent.getByRole("button", { name: `Accept ${name}` }).click();
  await expect(agent.getByLabel("Reply")).toBeVisible();
  await tab.getByRole("button", { name: `Accept ${name}` }).click();
  await expect(problem).toHaveText("There is no chat of yours waiting to be accepted.");

  await tab.goto("/demo/agent");
  await agent.getByRole("button", { name: "End chat" }).click();
  await expect(agent.getByRole("button", { name: "Complete" })).toBeVisible();
  await tab.getByRole("button", { name: "End chat" }).click();
  await expect(problem).toHaveText("That chat is not yours to end, or it has ended already.");

  await tab.goto("/demo/agent");
  await agent.getByRole("button", { name: "Complete" }).click();
  await expect(agent.getByText("This chat is over.")).toBeVisible();
  await tab.getByRole("button", { name: "Complete" }).click();
  await expect(problem).toHaveText("Only a chat in wrap-up can be completed.");
  await stale.close();
});
