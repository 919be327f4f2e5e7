import type { Browser, FrameLocator, Locator, Page } from "@playwright/test";
import { en } from "./catalog";
import { expect, test } from "./fixtures";
import { formLabel, LauncherPage, newAgentContext, visitorName } from "./pages";
import { Sandbox } from "../lib/sandbox/sandbox";
import { SandboxStore } from "../lib/sandbox/store";
import { widgetConfig } from "../lib/widget-config";
import { E2E_SANDBOX_DATABASE } from "../playwright.config";

// A form-backed button pressed at any instant — before React has hydrated its form (the browser posts it as a plain
// form), while it hydrates, or after (the server action) — does its work: Start chat on /chat and in the panel (with
// what was typed before hydration), the console's Accept, End chat and Complete, Send rating, and the visitor's End
// chat (its ⋯ menu and confirmation are HTML popover and dialog, opened without script before hydration). The page's scripts are held back and the
// CPU slowed, so hydration comes late and slowly; presses come at fixed offsets from the page's first byte and never
// wait for the page to be ready.
// In the panel this once lost a click: when the chat said it was ready, the host page focused its frame again,
// pulling the caret out of the field being typed in (and the chat then put it on the first field).

const OFFSETS_MS = [0, 400, 900, 1_300, 1_600, 1_900, 2_300, 2_800, 4_000];
/** How long each of the page's scripts is held back: hydration lands in the middle of the offsets above. */
const SCRIPT_DELAY_MS = 2_500;
/**
 * One more run holds each page's scripts until a form is posted from it, so one press surely comes before hydration
 * whatever the machine's speed (a fast one may hydrate before the earliest offset above, a slow one type past it).
 */
const UNTIL_POSTED = -1;

test.describe.configure({ timeout: 240_000 });

/**
 * Runs `press` once per offset in a fresh context whose page scripts are held back and whose CPU is slowed, then
 * checks the presses straddled hydration (some came before it, some after). `press` answers whether React had
 * hydrated when it pressed.
 */
async function atEachOffset(
  browser: Browser,
  press: (page: Page, offset: number) => Promise<boolean>,
  { agent = false, offsets = OFFSETS_MS }: { agent?: boolean; offsets?: number[] } = {},
) {
  const states: boolean[] = [];
  for (const offset of [UNTIL_POSTED, ...offsets]) {
    const context = agent ? await newAgentContext(browser) : await browser.newContext();
    // Each page's scripts wait for the next form post; a new page waits for the one after it.
    const nextPost = () => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    let post = nextPost();
    context.on("request", (request) => {
      if (request.method() === "POST") post.resolve();
      else if (request.resourceType() === "document") post = nextPost();
    });
    await context.route("**/_next/static/**/*.js", async (route) => {
      await (offset === UNTIL_POSTED ? post.promise : new Promise((resolve) => setTimeout(resolve, SCRIPT_DELAY_MS)));
      await route.continue().catch(() => {});
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const state = await press(page, Math.max(offset, 0));
    if (offset === UNTIL_POSTED) expect(state, "pressed while the scripts were held back").toBe(false);
    states.push(state);
    await context.close();
  }
  expect(states).toContain(false);
  expect(states).toContain(true);
}

/** Whether React has taken over the form yet (its fiber is on the element once hydrated). */
const hydrated = (form: Locator) =>
  form.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactFiber")));

/** Types the name and the question key by key, then presses Start chat without waiting for anything. */
async function typeAndStart(scope: Page | FrameLocator, name: string, question: string) {
  const field = (purpose: "name" | "question") =>
    scope.getByLabel(
      formLabel(
        widgetConfig.preEngagement.fields.find((f) => f.purpose === purpose)!,
        en,
      ),
      {
        exact: true,
      },
    );
  await field("name").pressSequentially(name);
  await field("question").pressSequentially(question);
  const form = scope.locator("form").filter({ has: scope.getByRole("button", { name: en.form.start }) });
  const before = await hydrated(form);
  await scope.getByRole("button", { name: en.form.start }).click({ noWaitAfter: true });
  return before;
}

/** A fork may add required fields; these runs fill only the name and the question. */
const onlyNameAndQuestionRequired = widgetConfig.preEngagement.fields.every(
  (f) => !f.required || f.purpose === "name" || f.purpose === "question",
);

test("on /chat, a Start chat pressed before, during or after hydration starts the chat with what was typed", async ({
  browser,
}) => {
  test.skip(!onlyNameAndQuestionRequired, "this fork's form requires more than a name and a question");
  await atEachOffset(browser, async (page, offset) => {
    await page.goto("/chat", { waitUntil: "commit" });
    await page.waitForTimeout(offset);
    const question = `Pressed at ${offset} ms on the page`;
    const state = await typeAndStart(page, `Hydra ${offset}`, question);
    await expect(page.getByRole("log", { name: "Messages" }).getByText(question), `offset ${offset}`).toBeVisible({
      timeout: 30_000,
    });
    return state;
  });
});

test("in the launcher's panel, a Start chat pressed before, during or after hydration starts the chat", async ({
  browser,
}) => {
  test.skip(!onlyNameAndQuestionRequired, "this fork's form requires more than a name and a question");
  await atEachOffset(browser, async (page, offset) => {
    const host = new LauncherPage(page);
    // The landing page loads the panel at once (data-preload="load"): the press races the panel's own hydration.
    await page.goto("/", { waitUntil: "commit" });
    await host.launcher.click();
    await page.waitForTimeout(offset);
    const question = `Pressed at ${offset} ms in the panel`;
    const state = await typeAndStart(host.chat, `Hydra ${offset}`, question);
    await expect(host.log.getByText(question), `offset ${offset}`).toBeVisible({ timeout: 30_000 });
    return state;
  });
});

test("in the agent console, Accept pressed before, during or after hydration joins the chat", async ({ browser }) => {
  await atEachOffset(
    browser,
    async (page, offset) => {
      // A visitor's chat waiting in the queue, made as the sandbox makes one.
      const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
      const name = visitorName(`Waiting ${offset}`);
      const chat = sandbox.createWebChat({
        addressSid: sandbox.credentials.flexAddressSid,
        customerFriendlyName: name,
      });
      sandbox.postMessage(chat.conversation_sid, { author: chat.identity, body: "Anyone?" }, { webhooks: true });
      sandbox.close();
      await page.goto(`/agent/${chat.conversation_sid}`, { waitUntil: "commit" });
      await page.waitForTimeout(offset);
      const accept = page.getByRole("button", { name: `Accept ${name}` });
      const state = await hydrated(page.locator("form").filter({ has: accept }));
      await accept.click({ noWaitAfter: true });
      await expect(page.getByLabel("Reply"), `offset ${offset}`).toBeVisible({ timeout: 30_000 });
      return state;
    },
    { agent: true },
  );
});

test("in the agent console, End chat pressed before, during or after hydration puts the task in wrap-up", async ({
  browser,
}) => {
  await atEachOffset(
    browser,
    async (page, offset) => {
      // A chat the console's agent has accepted, as the sandbox's Flex leaves it.
      const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
      const chat = sandbox.createWebChat({
        addressSid: sandbox.credentials.flexAddressSid,
        customerFriendlyName: visitorName(`Talking ${offset}`),
      });
      sandbox.postMessage(chat.conversation_sid, { author: chat.identity, body: "Hello?" }, { webhooks: true });
      const [task] = sandbox.flex.data.listTasks({ conversationSid: chat.conversation_sid });
      sandbox.flex.accept(task!.sid, { identity: "sandbox-agent", friendlyName: "Alex" });
      sandbox.close();
      await page.goto(`/agent/${chat.conversation_sid}`, { waitUntil: "commit" });
      await page.waitForTimeout(offset);
      const end = page.getByRole("button", { name: "End chat" });
      const state = await hydrated(page.locator("form").filter({ has: end }));
      await end.click({ noWaitAfter: true });
      await expect(page.getByRole("button", { name: "Complete" }), `offset ${offset}`).toBeVisible({
        timeout: 30_000,
      });
      const sandboxAfter = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
      expect(sandboxAfter.flex.data.getTask(task!.sid)?.assignment_status, `offset ${offset}`).toBe("wrapping");
      expect(sandboxAfter.requireConversation(chat.conversation_sid).state, `offset ${offset}`).toBe("closed");
      sandboxAfter.close();
      return state;
    },
    { agent: true },
  );
});

test("in the agent console, Complete pressed before, during or after hydration completes the wrap-up", async ({
  browser,
}) => {
  await atEachOffset(
    browser,
    async (page, offset) => {
      // A chat the agent took and ended: its task waits in wrap-up, as the sandbox's Flex leaves it.
      const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
      const chat = sandbox.createWebChat({
        addressSid: sandbox.credentials.flexAddressSid,
        customerFriendlyName: visitorName(`Wrapped ${offset}`),
      });
      sandbox.postMessage(chat.conversation_sid, { author: chat.identity, body: "Thanks!" }, { webhooks: true });
      const [task] = sandbox.flex.data.listTasks({ conversationSid: chat.conversation_sid });
      sandbox.flex.accept(task!.sid, { identity: "sandbox-agent", friendlyName: "Alex" });
      sandbox.flex.updateTask(task!.sid, { status: "wrapping" });
      sandbox.close();
      await page.goto(`/agent/${chat.conversation_sid}`, { waitUntil: "commit" });
      await page.waitForTimeout(offset);
      const complete = page.getByRole("button", { name: "Complete" });
      const state = await hydrated(page.locator("form").filter({ has: complete }));
      await complete.click({ noWaitAfter: true });
      await expect(page.getByRole("heading", { name: "Agent console" }), `offset ${offset}`).toBeVisible({
        timeout: 30_000,
      });
      const sandboxAfter = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
      expect(sandboxAfter.flex.data.getTask(task!.sid)?.assignment_status, `offset ${offset}`).toBe("completed");
      sandboxAfter.close();
      return state;
    },
    { agent: true },
  );
});

test("when a chat has ended, Send rating pressed before, during or after hydration saves the rating", async ({
  browser,
}) => {
  test.skip(!onlyNameAndQuestionRequired, "this fork's form requires more than a name and a question");
  await atEachOffset(browser, async (page, offset) => {
    const name = visitorName(`Rater ${offset}`);
    await page.goto("/chat", { waitUntil: "commit" });
    await typeAndStart(page, name, "Rate me later");
    await expect(page.getByRole("log", { name: "Messages" }).getByText("Rate me later")).toBeVisible({
      timeout: 30_000,
    });
    // An agent took the chat and it ended (as the sandbox's Flex does it), before the page loads again.
    const sandbox = new Sandbox(new SandboxStore(E2E_SANDBOX_DATABASE));
    const { sid } = sandbox.store.db
      .prepare("select sid from conversations where attributes like ? order by rowid desc limit 1")
      .get(`%${name}%`) as { sid: string };
    const [task] = sandbox.flex.data.listTasks({ conversationSid: sid });
    sandbox.flex.accept(task!.sid, { identity: "sandbox-agent", friendlyName: "Alex" });
    sandbox.setConversationState(sid, "closed", {}, { webhooks: true });
    sandbox.close();

    await page.goto("/chat", { waitUntil: "commit" });
    await page.waitForTimeout(offset);
    const rating = page.locator("form").filter({ has: page.getByRole("button", { name: en.rating.send }) });
    await rating.getByRole("radio", { name: en.rating.score5 }).check();
    const state = await hydrated(rating);
    await rating.getByRole("button", { name: en.rating.send }).click({ noWaitAfter: true });
    await expect(page.getByText(en.rating.thanks), `offset ${offset}`).toBeVisible({ timeout: 30_000 });
    return state;
  });
});

test("in a chat, End chat chosen and confirmed before, during or after hydration ends it", async ({ browser }) => {
  test.skip(!onlyNameAndQuestionRequired, "this fork's form requires more than a name and a question");
  await atEachOffset(
    browser,
    async (page, offset) => {
      const question = `End me at ${offset} ms`;
      await page.goto("/chat", { waitUntil: "commit" });
      await typeAndStart(page, visitorName(`Leaver ${offset}`), question);
      const log = page.getByRole("log", { name: "Messages" });
      await expect(log.getByText(question)).toBeVisible({ timeout: 30_000 });

      await page.goto("/chat", { waitUntil: "commit" });
      await page.waitForTimeout(offset);
      await page.getByRole("button", { name: en.chat.menu }).click({ noWaitAfter: true });
      // Before the menu's script: an HTML popover with buttons; after it, the real menu.
      await page
        .getByRole("menuitem", { name: en.endChat.menuItem })
        .or(page.getByRole("button", { name: en.endChat.menuItem }))
        .click({ noWaitAfter: true });
      const dialog = page.getByRole("dialog", { name: en.endChat.title });
      const state = await hydrated(dialog.locator("form"));
      await dialog.getByRole("button", { name: en.endChat.confirm }).click({ noWaitAfter: true });
      await expect(page.getByText(en.chat.closedSubtitle), `offset ${offset}`).toBeVisible({ timeout: 30_000 });
      // The ended view keeps the conversation on screen.
      await expect(page.getByRole("main").getByText(question, { exact: true }), `offset ${offset}`).toBeVisible();
      return state;
    },
    // The live chat's scripts are the heaviest of these pages: later offsets reach past its hydration.
    { offsets: [...OFFSETS_MS, 7_000, 11_000] },
  );
});
