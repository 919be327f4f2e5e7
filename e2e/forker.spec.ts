import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_AGENT_PASSWORD, E2E_SANDBOX_ENV, E2E_SESSION_SECRET } from "../playwright.config";
import { withBrand } from "@/lib/brand";
import enCatalog from "../messages/en.json";
import { AgentPage, VisitorPage } from "./pages";

// A forker's first afternoon, done the way the docs say: the brand (name, colour, logo) and a new required field
// with a pattern, changed in lib/widget-config.ts and the catalogs alone, in a copy of this repository that is built
// and started like any deployment. The change must reach every surface: the landing page, the launcher, the icon,
// the form and its validation, the chat, the agent and the transcript email.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 95;
const base = `http://127.0.0.1:${PORT}`;
const TEAL = "#0f766e";
const NAME = "Northwind Traders";
const LOGO = "/brand/northwind.svg";
/** The English texts as the fork's visitors read them. */
const en = withBrand(enCatalog, NAME);

let fork: string;
let server: ChildProcess | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(420_000);
  fork = mkdtempSync(path.join(tmpdir(), "flex-webchat-fork-"));
  const root = process.cwd();
  for (const file of execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean)) {
    mkdirSync(path.dirname(path.join(fork, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(fork, file));
  }
  // The dependencies as they are installed here: hard links are instant on one disk; elsewhere, a copy.
  try {
    execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(fork, "node_modules")]);
  } catch {
    cpSync(path.join(root, "node_modules"), path.join(fork, "node_modules"), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }

  // The change, appended to the config whatever its shipped values are.
  mkdirSync(path.join(fork, "public/brand"), { recursive: true });
  writeFileSync(
    path.join(fork, `public${LOGO}`),
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="${TEAL}"/></svg>\n`,
  );
  appendFileSync(
    path.join(fork, "lib/widget-config.ts"),
    `
widgetConfig.brand.name = "${NAME}";
widgetConfig.brand.logo = "${LOGO}";
widgetConfig.brand.light = { brand: "${TEAL}", brandStrong: "#115e59", onBrand: "#ffffff" };
(widgetConfig.preEngagement.fields as FieldConfig[]).splice(1, 0, {
  name: "e2eReference",
  type: "text",
  required: true,
  maxLength: 9,
  pattern: "[A-Z]{2}-\\\\d{6}",
});
`,
  );
  const texts = {
    en: { label: "Booking reference", pattern: "Use the form AB-123456." },
    es: { label: "Referencia de reserva", pattern: "Usa el formato AB-123456." },
    ar: { label: "مرجع الحجز", pattern: "استخدم الصيغة AB-123456." },
  };
  for (const [locale, reference] of Object.entries(texts)) {
    const file = path.join(fork, "messages", `${locale}.json`);
    const catalog = JSON.parse(readFileSync(file, "utf8"));
    catalog.fields.e2eReference = reference;
    writeFileSync(file, JSON.stringify(catalog, null, 2));
  }

  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    SESSION_SECRET: E2E_SESSION_SECRET,
    ...E2E_SANDBOX_ENV,
    SANDBOX_DATABASE: ":memory:",
  };
  try {
    execFileSync("npm", ["run", "build"], { cwd: fork, env, stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // The build's own words, so a fork that does not build says why.
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `The fork did not build:\n${String(stderr ?? "").slice(-4000)}\n${String(stdout ?? "").slice(-4000)}`,
    );
  }
  server = spawn(process.execPath, ["server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: fork,
    env,
    stdio: "ignore",
  });
  await expect
    .poll(
      () =>
        fetch(base).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
});

test.afterAll(() => {
  server?.kill("SIGKILL");
  if (fork) rmSync(fork, { recursive: true, force: true });
});

test("the brand's name, colour and logo reach the landing page, the launcher and the icon", async ({ page }) => {
  expect(await (await fetch(`${base}/chat-icon.svg`)).text()).toContain(`fill="${TEAL}"`);
  const launcher = await (await fetch(`${base}/embed.js`)).text();
  expect(launcher).toContain(TEAL);
  expect(launcher).toContain(`Chat with ${NAME}`);
  await page.goto(`${base}/`);
  await expect(page).toHaveTitle(`Chat with ${NAME}`);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", LOGO);
  const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--color-brand"));
  expect(brand).toContain(TEAL);
  await expect(page.getByRole("button", { name: `Chat with ${NAME}` })).toHaveCSS(
    "background-color",
    "rgb(15, 118, 110)",
  );
});

test("the new field is asked, held to its pattern with its own sentence, and reaches the agent", async ({
  browser,
}) => {
  const visitor = await (await browser.newContext({ baseURL: base })).newPage();
  await visitor.goto("/chat");
  await expect(visitor).toHaveTitle(`Chat with ${NAME}`);
  const heading = visitor.getByRole("heading", { level: 1, name: `Chat with ${NAME}` });
  await expect(heading).toBeVisible();
  await expect(visitor.locator(`img.brand-logo[src="${LOGO}"]`)).toBeVisible();
  // The fields as this repository configures them (a fork of a fork keeps its own), then the new one.
  await new VisitorPage(visitor).fillForm({
    name: "Forked Visitor",
    email: "forked.visitor@example.com",
    question: "Where is my order?",
  });
  await visitor.getByLabel(en.fields.transcript.label).check();
  await visitor.getByLabel("Booking reference").fill("12345");
  await visitor.getByRole("button", { name: "Start chat" }).click();
  await expect(visitor.getByText("Use the form AB-123456.")).toBeVisible();
  await visitor.getByLabel("Booking reference").fill("AB-123456");
  await visitor.getByRole("button", { name: "Start chat" }).click();
  await expect(visitor.getByRole("log", { name: "Messages" })).toContainText("Where is my order?");
  await expect(heading).toBeVisible();
  await expect(visitor.locator(`.chat-header img.brand-logo[src="${LOGO}"]`)).toBeVisible();

  const agent = new AgentPage(
    await (
      await browser.newContext({ baseURL: base, httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD } })
    ).newPage(),
  );
  await agent.openConversationWith("Forked Visitor");
  await expect(agent.page.locator(".details-field-e2eReference")).toHaveText(/Booking reference\s*AB-123456/);

  // The transcript email carries the brand's name, and the new field's answer.
  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.getByRole("heading", { name: en.ended.title })).toBeVisible();
  await agent.page.goto("/agent/mail");
  const mail = agent.page.getByRole("listitem").filter({ hasText: "forked.visitor@example.com" });
  await expect(async () => {
    await agent.page.reload();
    await expect(mail).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(mail.getByRole("heading", { name: `Your chat transcript from ${NAME}` })).toBeVisible();
  await expect(mail).toContainText(`conversation with ${NAME}`);
  await expect(mail).toContainText("Booking reference: AB-123456");
});
