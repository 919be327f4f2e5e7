import { E2E_AGENT_PASSWORD, E2E_CONTEXT_SECRET } from "../playwright.config";
import { expectNoViolations } from "./axe";
import { en } from "./catalog";
import { signVisitorContext } from "../lib/visitor-context";
import { expect, test } from "./fixtures";
import { ownServer } from "./own-server";
import { fillForm, visitorName } from "./pages";

test("a known visitor's signed details fill the form: what they vouch for is not asked again", async ({
  page,
  agent,
}) => {
  const name = visitorName("Ada");
  const context = signVisitorContext({ name, email: "ada@example.com" }, E2E_CONTEXT_SECRET);
  await page.goto(`/chat?context=${context}`);
  await expect(page.getByText(`Chatting as ${name} · ada@example.com.`)).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveCount(0);
  await expect(page.getByLabel("Email (optional)")).toHaveCount(0);
  await fillForm(page, { question: "Signed in already" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Signed in already");
  await agent.openConversationWith(name);
  await expect(agent.page.getByText("ada@example.com")).toBeVisible();
});

test("a forged or expired context is refused and the whole form comes back", async ({ page }) => {
  const forged = signVisitorContext({ name: "Mallory" }, "not-the-shared-secret-0123456789abcdefgh");
  await page.goto(`/chat?context=${forged}`);
  // Not vouched for: the form asks for everything.
  await expect(page.getByLabel("Name")).toBeVisible();

  // Expiry is counted in whole seconds: 4 s leave the page time to render it as valid on a busy machine.
  const expiring = signVisitorContext({ name: "Late Larry" }, E2E_CONTEXT_SECRET, 4);
  const signedAt = Date.now();
  await page.goto(`/chat?context=${expiring}`);
  await expect(page.getByText("Chatting as Late Larry.")).toBeVisible();
  await page.getByLabel("How can we help?").fill("Too slow");
  await page.waitForTimeout(Math.max(0, signedAt + 5_100 - Date.now()));
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We couldn't confirm who you are" })).toBeVisible();
  await expect(page.getByLabel("Name")).toBeVisible();
  await expect(page.getByLabel("How can we help?")).toHaveValue("Too slow");
});

// Outside operating hours, on a server of this test's own whose hours never include today.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const otherDay = DAYS[(new Date().getUTCDay() + 3) % 7];
const today = new Date().toISOString().slice(0, 10);

test.describe("outside operating hours", () => {
  const server = ownServer(PORT, {
    SANDBOX_DATABASE: ":memory:",
    OPERATING_HOURS: `UTC; ${otherDay} 09:00-17:00; closed ${today} Team offsite`,
  });
  test.beforeAll(() => server.start());
  test.afterAll(() => server.stop());

  test("the visitor sees when we answer and leaves a message, which reaches the queue marked as such", async ({
    page,
    browser,
  }) => {
    await page.goto(`${server.base}/chat`);
    await expect(page.getByRole("heading", { name: en.form.messageTitle })).toBeVisible();
    await expect(page.getByText(en.form.messageLead)).toBeVisible();
    const weekday = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, 0, 7 + DAYS.indexOf(otherDay!))),
    );
    await expect(page.getByText(`Our team is available ${weekday} 9:00`)).toBeVisible();
    await expect(page.getByText(`We open again ${weekday}`)).toBeVisible();
    // Today is a closure: its reason is said, as the site owner wrote it.
    await expect(page.getByText("We're closed today: Team offsite.")).toBeVisible();
    await expect(page.getByRole("button", { name: en.form.start })).toHaveCount(0);
    await expectNoViolations(page);

    // A reply by email needs the address and the visitor's yes: both are required here.
    const email = page.getByLabel(en.fields.email.label, { exact: true });
    const consent = page.getByLabel(en.fields.replyConsent.label);
    await page.getByRole("button", { name: en.form.send }).click();
    await expect(page.getByText(en.form.checkFields)).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(consent).toHaveAttribute("aria-invalid", "true");

    const name = visitorName("After hours");
    await page.getByLabel(en.fields.name.label, { exact: true }).fill(name);
    await email.fill("night.owl@example.com");
    await page.getByLabel(en.fields.question.label).fill("Can someone call me back tomorrow?");
    await consent.check();
    await page.getByRole("button", { name: en.form.send }).click();
    const promise = en.chat.messageLeft.replace("{email}", "night.owl@example.com");
    await expect(page.getByRole("status").filter({ hasText: promise })).toBeVisible();
    await expect(page.getByRole("log", { name: "Messages" })).toContainText("Can someone call me back tomorrow?");
    // Nothing lost: the promise and the message are there after a reload.
    await page.reload();
    await expect(page.getByRole("status").filter({ hasText: promise })).toBeVisible();

    // Flex queues it like any chat; the agent sees it was left while closed, and that the visitor expects an email.
    const agentContext = await browser.newContext({
      baseURL: server.base,
      httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD },
    });
    const agent = await agentContext.newPage();
    await agent.goto("/agent");
    const row = agent.getByRole("listitem").filter({ has: agent.getByRole("link", { name }) });
    await expect(row).toContainText("Message left while closed");
    await expect(row).toContainText("night.owl@example.com");
    await row.getByRole("link", { name }).click();
    await expect(agent.getByText("A message while closed: the visitor expects the reply by email.")).toBeVisible();
    await agent.getByRole("button", { name: `Accept ${name}` }).click();
    await expect(agent.getByLabel("Reply")).toBeVisible();
    await agentContext.close();

    const spanish = await browser.newPage();
    await spanish.goto(`${server.base}/chat?lang=es`);
    await expect(spanish.getByRole("heading", { name: "Déjanos un mensaje" })).toBeVisible();
    await expect(spanish.getByText("Hoy estamos cerrados: Team offsite.")).toBeVisible();
    await spanish.close();
  });

  test("a chat form sent after closing time comes back as Leave us a message, with what was typed", async ({
    page,
  }) => {
    await page.goto(`${server.base}/chat`);
    await expect(page.getByRole("button", { name: en.form.send })).toBeVisible();
    // The form as it was shown before closing time: a chat, not a message.
    await page.locator('input[name="mode"]').evaluate((input: HTMLInputElement) => (input.value = "chat"));
    await page.getByLabel(en.fields.name.label, { exact: true }).fill(visitorName("Late"));
    await page.getByLabel(en.fields.question.label).fill("Are you still there?");
    await page.getByRole("button", { name: en.form.send }).click();
    await expect(page.getByText(en.form.nowAway)).toBeVisible();
    await expect(page.getByRole("heading", { name: en.form.messageTitle })).toBeVisible();
    await expect(page.getByLabel(en.fields.question.label)).toHaveValue("Are you still there?");
    await expect(page.getByRole("log", { name: "Messages" })).toHaveCount(0);
  });
});
