import { rmSync } from "node:fs";
import { expectNoViolations } from "./axe";
import { es } from "./catalog";
import { expect, test } from "./fixtures";
import { ownServer } from "./own-server";
import { AgentPage, fillForm, VisitorPage, visitorName } from "./pages";
import { E2E_AGENT_PASSWORD } from "../playwright.config";

// "Still there?" before the closed timer ends an idle chat. A server of this spec's own whose sandbox clock runs 60
// times faster: CHAT_CLOSED_AFTER PT10M closes an idle chat after 10 s, and the question comes 2.5 s before.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 75;
const DATABASE = ".data/e2e-idle.sqlite";
const server = ownServer(PORT, {
  SANDBOX_DATABASE: DATABASE,
  SANDBOX_CLOCK_SPEED: "60",
  CHAT_INACTIVE_AFTER: "PT5M",
  CHAT_CLOSED_AFTER: "PT10M",
});
test.beforeAll(async () => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${DATABASE}${suffix}`, { force: true });
  await server.start();
});
test.afterAll(() => server.stop());

test("an idle visitor is asked once, in every tab; Keep chatting keeps the chat open, and silence lets it close", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ baseURL: server.base });
  const visitor = new VisitorPage(await context.newPage());
  await visitor.startChat({ name: visitorName("Idle"), question: "Back in a minute" });
  // More than the log shows, so it scrolls: the prompt appearing below it must not push the newest out of view.
  for (let line = 1; line <= 8; line++) await visitor.send(`Note ${line}`);
  const started = Date.now();
  const other = await context.newPage();
  await other.goto("/chat");
  const prompt = (page = visitor.page) => page.getByRole("alert").filter({ hasText: "Still there?" });

  await expect(prompt()).toBeVisible({ timeout: 12_000 });
  await expect(visitor.log.getByText("Note 8")).toBeInViewport();
  await expect(prompt(other)).toBeVisible();
  // Answered at once: the question comes 2.5 s before the close here (its axe scan is in the next test).
  await prompt().getByRole("button", { name: "Keep chatting" }).click();
  // One answer counts for every tab.
  await expect(prompt()).toBeHidden();
  await expect(prompt(other)).toBeHidden();
  const kept = Date.now();

  // Past the moment the first timer would have closed it: still open.
  await visitor.page.waitForTimeout(Math.max(0, started + 11_000 - Date.now()));
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toHaveCount(0);
  await expect(visitor.composer).toBeEnabled();

  // Asked again; no answer this time: the timer closes the chat.
  await expect(prompt()).toBeVisible({ timeout: 12_000 });
  expect(Date.now() - kept).toBeGreaterThan(5_000);
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible({ timeout: 8_000 });
  await expect(prompt()).toBeHidden();
  await context.close();
});

test("a Keep chatting that cannot reach the server says so, and points to the other way to keep the chat open", async ({
  browser,
}) => {
  test.setTimeout(40_000);
  const context = await browser.newContext({ baseURL: server.base });
  const visitor = new VisitorPage(await context.newPage());
  await visitor.startChat({ name: visitorName("Offline"), question: "Wait for me" });
  const prompt = visitor.page.getByRole("alert").filter({ hasText: "Still there?" });
  await expect(prompt).toBeVisible({ timeout: 12_000 });
  // The network drops the server action (Next sends it as a POST with a Next-Action header).
  await visitor.page.route("**/*", (route) =>
    route.request().method() === "POST" && route.request().headers()["next-action"]
      ? route.abort("internetdisconnected")
      : route.continue(),
  );
  await prompt.getByRole("button", { name: "Keep chatting" }).click();
  await expect(prompt).toContainText(
    "We couldn't keep the chat open just now. Try again, or send a message: that keeps it open too.",
  );
  await expect(prompt.getByRole("button", { name: "Keep chatting" })).toBeEnabled();
  await expectNoViolations(visitor.page);
  await context.close();
});

test("the question is asked in the visitor's language", async ({ browser }) => {
  test.setTimeout(40_000);
  const context = await browser.newContext({ baseURL: server.base, locale: "es-ES" });
  const page = await context.newPage();
  await page.goto("/chat?lang=es");
  await fillForm(page, { name: visitorName("Ana"), question: "Vuelvo enseguida" }, es);
  await page.getByRole("button", { name: "Iniciar chat" }).click();
  const prompt = page.getByRole("alert").filter({ hasText: "¿Sigues ahí?" });
  await expect(prompt).toBeVisible({ timeout: 12_000 });
  await expect(prompt.getByRole("button", { name: "Seguir chateando" })).toBeVisible();
  await expectNoViolations(page);
  await context.close();
});

test("the whole journey: waiting in line → an agent joins → Still there? → Keep chatting → the end → a rating the agent sees", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ baseURL: server.base });
  const visitor = new VisitorPage(await context.newPage());
  const name = visitorName("Journey");
  await visitor.startChat({ name, question: "Tell me everything" });
  await expect(
    visitor.page.getByRole("status").filter({ hasText: /^You're (next|number \d+) in line\./ }),
  ).toBeVisible();

  const agentContext = await browser.newContext({
    baseURL: server.base,
    httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD },
  });
  const agent = new AgentPage(await agentContext.newPage());
  await agent.openConversationWith(name);
  // This server runs the default AGENT_NAMES (friendly): the agent who joined after the page loaded is named.
  await expect(visitor.log.getByText("Alex joined the chat")).toBeVisible();
  await expect(visitor.page.getByText("You're chatting with Alex.")).toBeVisible();
  await expect(visitor.page.getByText(/in line\./)).toHaveCount(0);
  await agent.send("Here to help.");

  const prompt = visitor.page.getByRole("alert").filter({ hasText: "Still there?" });
  await expect(prompt).toBeVisible({ timeout: 12_000 });
  await prompt.getByRole("button", { name: "Keep chatting" }).click();
  await expect(prompt).toBeHidden();

  await agent.page.getByRole("button", { name: "End chat" }).click();
  const rating = visitor.page.getByRole("form", { name: "How was this chat?" });
  await rating.getByRole("radio", { name: "5 – Excellent" }).check();
  await rating.getByLabel("Anything to add? (optional)").fill("All of it, thanks");
  await rating.getByRole("button", { name: "Send rating" }).click();
  await expect(visitor.page.getByText("Thank you for your rating.")).toBeVisible();
  // Reloaded, the ended chat still names the agent, who has left the conversation by now (wrap-up).
  await visitor.page.reload();
  const ended = visitor.page.getByRole("region", { name: "Messages" });
  await expect(ended.getByRole("listitem").filter({ hasText: "Here to help." })).toContainText("Alex");

  await agent.page.reload();
  await expect(agent.page.locator(".details-rating")).toHaveText("5 of 5 — “All of it, thanks”");
  await expect(agent.page.locator(".details-page")).toContainText("/chat");
  await agentContext.close();
  await context.close();
});
