import { E2E_CONTEXT_SECRET } from "../playwright.config";
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

  test("the visitor sees when we answer instead of a form, in their language", async ({ page }) => {
    await page.goto(`${server.base}/chat`);
    await expect(page.getByRole("heading", { name: "We're offline right now" })).toBeVisible();
    const weekday = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, 0, 7 + DAYS.indexOf(otherDay!))),
    );
    await expect(page.getByText(`Our team is available ${weekday} 9:00`)).toBeVisible();
    await expect(page.getByText(`We open again ${weekday}`)).toBeVisible();
    // Today is a closure: its reason is said, as the site owner wrote it.
    await expect(page.getByText("We're closed today: Team offsite.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Start chat" })).toHaveCount(0);

    await page.goto(`${server.base}/chat?lang=es`);
    await expect(page.getByRole("heading", { name: "Ahora mismo no estamos conectados" })).toBeVisible();
    await expect(page.getByText("Hoy estamos cerrados: Team offsite.")).toBeVisible();
  });
});
