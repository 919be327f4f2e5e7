import type { Browser, Page } from "@playwright/test";
import { E2E_AGENT_PASSWORD } from "../playwright.config";
import { en } from "./catalog";
import { expect, test } from "./fixtures";
import { freshDatabase, ownServer } from "./own-server";
import { visitorName } from "./pages";

// Replies a visitor misses, by email, on the sandbox: the agent's reply reaches the app through the conversation's
// signed onMessageAdded webhook, comes due after MISSED_REPLY_EMAIL_AFTER (one minute of the sandbox's clock, run ten
// times faster here), and the visitor's read horizon decides. The email is read back from the console's Mail page.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 70;
const DATABASE = ".data/e2e-replies.sqlite";
const server = ownServer(PORT, {
  SANDBOX_DATABASE: DATABASE,
  SANDBOX_CLOCK_SPEED: "10",
  MISSED_REPLY_EMAIL_AFTER: "PT1M",
});
/** Longer than the delay (6 s here) and a round of the timer: what was due has been looked at. */
const PAST_DUE_MS = 9_000;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  freshDatabase(DATABASE);
  await server.start();
});
test.afterAll(() => server.stop());

const addressOf = (name: string) => `${name.split(" ").pop()}@example.com`;

async function startChat(browser: Browser, name: string, question: string) {
  const page = await (await browser.newContext({ baseURL: server.base })).newPage();
  await page.goto("/chat");
  await page.getByLabel(en.fields.name.label, { exact: true }).fill(name);
  await page.getByLabel(`${en.fields.email.label} (optional)`).fill(addressOf(name));
  await page.getByLabel(en.fields.question.label).fill(question);
  await page.getByLabel(en.fields.replies.label).check();
  await page.getByRole("button", { name: en.form.start }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText(question);
  return page;
}

async function agentFor(browser: Browser, name: string) {
  const context = await browser.newContext({
    baseURL: server.base,
    httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD },
  });
  const page = await context.newPage();
  await page.goto("/agent");
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: `Accept ${name}` }).click();
  const reply = page.getByLabel("Reply");
  await expect(reply).toBeVisible();
  const conversation = page.url();
  const send = async (text: string) => {
    if (page.url() !== conversation) await page.goto(conversation);
    await reply.fill(text);
    await reply.press("Enter");
    await expect(page.getByRole("log", { name: "Messages" }).getByText(text)).toBeVisible();
  };
  return { page, send };
}

function mailsTo(page: Page, address: string) {
  return page.getByRole("list", { name: /^Mail/ }).getByRole("listitem").filter({ hasText: address });
}

test("a reply left unread is emailed once, and its link reopens the chat in another browser", async ({ browser }) => {
  const name = visitorName("Gone");
  const address = addressOf(name);
  const visitor = await startChat(browser, name, "Is my refund through?");
  // The visitor leaves: nothing of theirs reads what comes next.
  await visitor.context().close();

  const agent = await agentFor(browser, name);
  await agent.send("Your refund went out this morning.");
  await agent.send("It shows in 3 to 5 days.");

  // One email for the burst, whatever the wait.
  await agent.page.goto("/agent/mail");
  const mails = mailsTo(agent.page, address);
  await expect(async () => {
    await agent.page.reload();
    await expect(mails).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await agent.page.waitForTimeout(PAST_DUE_MS);
  await agent.page.reload();
  await expect(mails).toHaveCount(1);
  const mail = mails.first();
  await expect(mail).toContainText("2 replies from Acme you haven't read");
  await mail.getByText("Message text").click();
  const text = mail.locator("pre").first();
  await expect(text).toContainText("Your refund went out this morning.");
  await expect(text).toContainText("It shows in 3 to 5 days.");
  await expect(text).not.toContainText("Is my refund through?");
  const link = text.getByRole("link", { name: /\/chat\/resume\?t=[^&]+$/ });
  const resume = new URL((await link.getAttribute("href"))!);

  // Another browser, no cookie of the visitor's: the link alone reopens the same conversation.
  const elsewhere = await (await browser.newContext({ baseURL: server.base })).newPage();
  await elsewhere.goto(resume.pathname + resume.search);
  const log = elsewhere.getByRole("log", { name: "Messages" });
  await expect(log).toContainText("It shows in 3 to 5 days.");
  await expect(log).toContainText("Is my refund through?");

  // A changed link opens nothing: the visitor is told, and gets a fresh form.
  const forged = await (await browser.newContext({ baseURL: server.base })).newPage();
  await forged.goto(`${resume.pathname}?t=${resume.searchParams.get("t")!.slice(0, -2)}xx`);
  await expect(forged.getByRole("alert").filter({ hasText: en.resume.invalid })).toBeVisible();
  await expect(forged.getByRole("button", { name: en.form.start })).toBeVisible();
  await expect(forged.getByText("Is my refund through?")).toHaveCount(0);
  // Nor can a changed link stop anything: the stop page says so.
  await forged.goto(`${resume.pathname}?t=${resume.searchParams.get("t")!.slice(0, -2)}xx&stop=1`);
  await forged.getByRole("button", { name: en.resume.stopButton }).click();
  await expect(forged.getByText(en.resume.stopInvalid)).toBeVisible();
  await forged.context().close();

  // The unsubscribe line asks first, then stops them: a later unread reply sends nothing.
  await elsewhere.context().close();
  const stop = await (await browser.newContext({ baseURL: server.base })).newPage();
  await stop.goto(`${resume.pathname}${resume.search}&stop=1`);
  await expect(stop.getByRole("heading", { name: en.resume.stopTitle })).toBeVisible();
  await stop.getByRole("button", { name: en.resume.stopButton }).click();
  await expect(stop.getByText(en.resume.stopped)).toBeVisible();
  await agent.send("One more thing: keep the receipt.");
  await agent.page.goto("/agent/mail");
  await agent.page.waitForTimeout(PAST_DUE_MS);
  await agent.page.reload();
  await expect(mails).toHaveCount(1);
});

test("a reply the visitor reads in time sends no email", async ({ browser }) => {
  const name = visitorName("Present");
  const visitor = await startChat(browser, name, "Quick question");
  const agent = await agentFor(browser, name);
  await agent.send("Here is the answer.");
  await expect(visitor.getByRole("log", { name: "Messages" }).getByText("Here is the answer.")).toBeVisible();
  await agent.page.goto("/agent/mail");
  await agent.page.waitForTimeout(PAST_DUE_MS);
  await agent.page.reload();
  await expect(mailsTo(agent.page, addressOf(name))).toHaveCount(0);
});
