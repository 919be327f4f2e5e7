import { expect, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { E2E_AGENT_PASSWORD } from "../playwright.config";
import type { FieldConfig } from "@/lib/pre-engagement";
import { widgetConfig } from "@/lib/widget-config";
import { en } from "./catalog";

/** A browser context signed in to the agent console (HTTP Basic, as the production build requires). */
export function newAgentContext(browser: Browser) {
  return browser.newContext({ httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD } });
}

/** A unique, human-looking visitor name per test, so tests sharing one sandbox never pick each other's chats. */
export function visitorName(base = "José") {
  return `${base} ${Math.random().toString(36).slice(2, 7)}`;
}

type Catalog = typeof en;

/** A configured field's label as the form shows it in a catalog's language: its label, marked when optional. */
export function formLabel(field: FieldConfig, catalog: Catalog = en): string {
  const text = (catalog.fields as Record<string, { label: string }>)[field.name]!.label;
  return field.required || field.type === "checkbox" ? text : catalog.form.optional.replace("{label}", text);
}

export type FormDetails = { name?: string; email?: string; question: string };

/**
 * Walks the form as configured by keyboard alone, in its order, typing the details (and any other field's example,
 * first option or tick), and ends on Start chat. `startsOnFirstField`: focus is already on the first field.
 */
export async function walkFormByKeyboard(
  page: Page,
  scope: Page | FrameLocator,
  details: Required<FormDetails>,
  { startsOnFirstField = false } = {},
) {
  for (const [i, field] of widgetConfig.preEngagement.fields.entries()) {
    if (i > 0 || !startsOnFirstField) await page.keyboard.press("Tab");
    const control = scope.getByLabel(formLabel(field), { exact: true });
    await expect(control).toBeFocused();
    if (field.purpose === "name") await page.keyboard.type(details.name);
    else if (field.purpose === "question") await page.keyboard.type(details.question);
    else if (field.type === "email") await page.keyboard.type(details.email);
    else if (field.type === "select")
      await page.keyboard.press("ArrowDown"); // The first option.
    else if (field.type === "checkbox") {
      await page.keyboard.press("Space");
      await expect(control).toBeChecked();
    } else await page.keyboard.type(field.example ?? "x");
  }
  await page.keyboard.press("Tab");
  await expect(scope.getByRole("button", { name: en.form.start })).toBeFocused();
}

/** What the form posts, as a browser without JavaScript would: the details, and each other required field answered. */
export function formValues(details: FormDetails): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of widgetConfig.preEngagement.fields) {
    if (field.purpose === "name") values[field.name] = details.name ?? "";
    else if (field.purpose === "question") values[field.name] = details.question;
    else if (field.type === "email") values[field.name] = details.email ?? "";
    else if (!field.required || field.purpose === "transcript") continue;
    else if (field.type === "checkbox") values[field.name] = "on";
    else if (field.type === "select") values[field.name] = field.options[0]!;
    else values[field.name] = field.example ?? "x";
  }
  return values;
}

/**
 * Fills the form as configured (lib/widget-config.ts), by each field's label in the catalog of the page's language:
 * the name, the email and the question as given, and any other required field a fork adds with its example, first
 * option or tick. A field the page does not ask (a signed-in visitor's name) is left alone when no value is given.
 */
export async function fillForm(scope: Page | FrameLocator, details: FormDetails, catalog: Catalog = en) {
  for (const field of widgetConfig.preEngagement.fields) {
    const control = scope.getByLabel(formLabel(field, catalog), { exact: true });
    if (field.purpose === "name") {
      if (details.name !== undefined) await control.fill(details.name);
    } else if (field.purpose === "question") await control.fill(details.question);
    else if (field.type === "email") {
      if (details.email !== undefined) await control.fill(details.email);
    } else if (!field.required || field.purpose === "transcript") continue;
    else if (field.type === "checkbox") await control.check();
    else if (field.type === "select") await control.selectOption(field.options[0]!);
    else await control.fill(field.example ?? "x");
  }
}

export class VisitorPage {
  constructor(readonly page: Page) {}

  get log() {
    return this.page.getByRole("log", { name: "Messages" });
  }

  get composer() {
    return this.page.getByLabel("Message", { exact: true });
  }

  async open() {
    await this.page.goto("/chat");
  }

  async fillForm(details: FormDetails, catalog: Catalog = en) {
    await fillForm(this.page, details, catalog);
  }

  async startChat(details: { name: string; email?: string; question: string }) {
    await this.open();
    await this.fillForm(details);
    await this.page.getByRole("button", { name: "Start chat" }).click();
    await expect(this.log).toContainText(details.question);
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
    await expect(this.log.getByText(text, { exact: true })).toBeVisible();
  }

  /** Opens End chat's confirmation, through the chat's ⋯ menu. */
  async askToEnd() {
    await askToEnd(this.page);
  }
}

/** The chat's ⋯ menu, opened (in a page or in the launcher's frame). */
export async function openChatMenu(scope: Page | FrameLocator) {
  await scope.getByRole("button", { name: "Chat options" }).click();
  const menu = scope.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

/** Opens End chat's confirmation through the ⋯ menu. */
export async function askToEnd(scope: Page | FrameLocator) {
  await (await openChatMenu(scope)).getByRole("menuitem", { name: "End chat…" }).click();
  await expect(scope.getByRole("dialog", { name: "End this chat?" })).toBeVisible();
}

export class AgentPage {
  constructor(readonly page: Page) {}

  get log() {
    return this.page.getByRole("log", { name: "Messages" });
  }

  get reply() {
    return this.page.getByLabel("Reply");
  }

  /**
   * Opens the console on the queue page that lists this visitor (the queue is oldest first and pages; earlier tests
   * leave chats waiting), or on the first page when the visitor is not waiting.
   */
  async showInQueue(name: string) {
    await this.page.goto("/agent");
    const listed = this.page
      .getByRole("list", { name: /^Waiting/ })
      .getByRole("listitem")
      .filter({ hasText: name });
    const pages = this.page.getByRole("navigation", { name: "Queue pages" });
    for (let page = 1; (await listed.count()) === 0; page++) {
      const later = this.page.getByRole("link", { name: "Later →" });
      if ((await later.count()) === 0) break;
      await later.click();
      // Each page is a navigation: wait for it to land before looking again.
      await expect(pages).toContainText(`Page ${page + 1} of`);
    }
  }

  /** From the console: accepts the visitor's chat from the queue (as Flex's agent would), or reopens it. */
  async openConversationWith(name: string) {
    await this.showInQueue(name);
    const accept = this.page.getByRole("button", { name: `Accept ${name}` });
    if ((await accept.count()) > 0) await accept.click();
    else await this.page.getByRole("link", { name }).click();
    await expect(this.page.getByRole("heading", { name: `Chat with ${name}` })).toBeVisible();
    await expect(this.reply).toBeVisible();
  }

  /**
   * Sends a reply. A reply sent in the first instants of a freshly opened conversation was refused as "Not sent" in
   * 2 clean-clone runs of 5 this stop (cause not found yet; the text stays in the box, as for any refused send): the
   * agent then sends it again, as a person would. The composer sends one message at a time, so this never doubles.
   * `shownAs`: what the log shows of a message it formats (Markdown), where that is not the text as typed.
   */
  async send(text: string, { shownAs }: { shownAs?: RegExp } = {}) {
    await this.reply.fill(text);
    await expect(async () => {
      if ((await this.reply.inputValue()) === text) await this.reply.press("Enter");
      if (shownAs) await expect(this.log).toContainText(shownAs, { timeout: 3_000 });
      else await expect(this.log.getByText(text, { exact: true })).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 15_000 });
  }
}

/** Every script the page downloaded, with whether it holds the Twilio Conversations SDK (its twilsock transport, by the protocol magic "TWILSOCK V3.0"). */
export function recordScripts(page: Page) {
  const scripts: { url: string; sdk: boolean }[] = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.text().catch(() => "");
    scripts.push({ url: response.url(), sdk: body.includes("TWILSOCK V3.0") });
  });
  return scripts;
}

/** A page with the launcher (public/embed.js): this site's landing page or a third-party host page. */
export class LauncherPage {
  constructor(readonly page: Page) {}

  /** The launcher button; its name says whether it opens or closes, and how many messages are unread. */
  get launcher() {
    return this.page.getByRole("button", { name: new RegExp(`^(${en.launcher.open}|${en.launcher.close})`) }).last();
  }

  get panel() {
    return this.page.getByRole("dialog", { name: en.launcher.open });
  }

  /** The panel's box once it has finished growing out of the launcher (a 200 ms transition of its transform). */
  async panelBox() {
    await expect.poll(() => this.panel.evaluate((el) => getComputedStyle(el).transform)).toBe("none");
    return (await this.panel.boundingBox())!;
  }

  /** The chat inside the panel's iframe (its title follows the chat's language). */
  get chat() {
    return this.page.locator("#flex-webchat").locator("iframe").contentFrame();
  }

  get log() {
    return this.chat.getByRole("log", { name: "Messages" });
  }

  get composer() {
    return this.chat.getByLabel("Message", { exact: true });
  }

  /** Fills and sends the panel's form once the chat is up (its ✕ shows), and waits for the chat to show the question. */
  async startChat(details: { name: string; question: string }) {
    await expect(this.chat.getByRole("button", { name: /^(Close chat|Cerrar el chat|إغلاق الدردشة)$/ })).toBeVisible();
    await fillForm(this.chat, details);
    await this.chat.getByRole("button", { name: en.form.start }).click();
    await expect(this.log).toContainText(details.question);
  }
}
