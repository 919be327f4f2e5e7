import type { Page } from "@playwright/test";
import { E2E_EMBED_APP_URL, E2E_HOST_SITE_URL } from "../playwright.config";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { fillForm, LauncherPage, visitorName } from "./pages";
import { en } from "./catalog";

// The chat embedded on a third-party site (another site, not just another port): http://localhost:<port> embeds
// http://127.0.0.1:<port>, which allows it through EMBED_ALLOWED_ORIGINS.

test("a visitor chats from the launcher on another website, reloads and resumes", async ({ page, agent }) => {
  const host = new LauncherPage(page);
  await page.goto(E2E_HOST_SITE_URL);
  await expect(host.panel).toBeHidden();
  await host.launcher.click();
  await expect(host.panel).toBeVisible();
  await expect(host.launcher).toHaveAttribute("aria-expanded", "true");

  const name = visitorName("Embedded");
  await host.startChat({ name, question: "Asked from the shop's page" });
  await agent.openConversationWith(name);
  await agent.send("Hello from the agent console");
  await expect(host.log.getByText("Hello from the agent console")).toBeVisible();

  // The session cookie was set inside a third-party iframe: SameSite=None, Secure, partitioned to the host site.
  const cookie = (await page.context().cookies(E2E_EMBED_APP_URL)).find((c) => c.name === "webchat_session");
  expect(cookie).toMatchObject({ sameSite: "None", secure: true, httpOnly: true });
  // Partitioned: kept under the embedding site's key, not shared with other sites that embed the chat.
  expect((cookie as { partitionKey?: string } | undefined)?.partitionKey).toBe(
    new URL(E2E_HOST_SITE_URL).origin.replace(/:\d+$/, ""),
  );

  await page.reload();
  await host.launcher.click();
  await expect(host.log.getByText("Hello from the agent console")).toBeVisible();
  await expect(host.log.getByText("Asked from the shop's page")).toBeVisible();
  await host.composer.fill("Still me after a reload");
  await host.composer.press("Enter");
  await expect(agent.log.getByText("Still me after a reload")).toBeVisible();
});

test("the JS API opens, closes, prefills the form and reports unread messages and the end", async ({ page, agent }) => {
  const host = new LauncherPage(page);
  const events = page.getByRole("list", { name: "Chat events" });
  await page.goto(E2E_HOST_SITE_URL);

  const name = visitorName("Known");
  await page.evaluate(
    (n) => window.FlexWebchat.setPreEngagement({ name: n, question: "Prefilled by the host page" }),
    name,
  );
  await page.evaluate(() => window.FlexWebchat.open());
  await expect(host.panel).toBeVisible();
  await expect(events.getByRole("listitem").last()).toHaveText("opened");
  await expect(host.chat.getByLabel("Name")).toHaveValue(name);
  await expect(host.chat.getByLabel("How can we help?")).toHaveValue("Prefilled by the host page");
  // Whatever else the form requires, answered as a visitor would; the prefilled answers stay as they are.
  await fillForm(host.chat, { question: "Prefilled by the host page" });
  await host.chat.getByRole("button", { name: "Start chat" }).click();
  await expect(host.log).toContainText("Prefilled by the host page");

  await page.evaluate(() => window.FlexWebchat.close());
  await expect(host.panel).toBeHidden();
  await expect(events.getByRole("listitem").last()).toHaveText("closed");

  // Replies that arrive while the panel is closed show on the launcher's badge and in its name.
  await agent.openConversationWith(name);
  await agent.send("First reply");
  await agent.send("Second reply");
  await expect(page.getByRole("button", { name: `${en.launcher.open}, 2 unread messages` })).toBeVisible();
  await expect(events).toContainText("unread 2");

  await page.evaluate(() => window.FlexWebchat.toggle());
  await expect(host.log.getByText("Second reply")).toBeVisible();
  await expect(page.getByRole("button", { name: "Close chat" }).last()).toBeVisible();
  await expect(events.getByRole("listitem").last()).toHaveText("unread 0");

  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(host.chat.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  await expect(events.getByRole("listitem").last()).toHaveText("ended");
});

test("a reply that arrives while the panel is closed shows in a card beside the launcher, once; it opens the chat or goes away", async ({
  page,
  agent,
}) => {
  const host = new LauncherPage(page);
  await page.goto(E2E_HOST_SITE_URL);
  await host.launcher.click();
  const name = visitorName("Preview");
  await host.startChat({ name, question: "Is the card shown?" });
  await host.launcher.click();
  await expect(host.panel).toBeHidden();

  await agent.openConversationWith(name);
  await agent.send("A first answer");
  // A status on the host page (read out once), with the agent's name (from their Flex profile: AGENT_NAMES
  // defaults to friendly) and the message's first words.
  const card = page.getByRole("status").filter({ hasText: "Alex: A first answer" });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Dismiss the preview" }).click();
  await expect(card).toBeHidden();
  await expect(host.launcher).toBeFocused();
  await expect(host.launcher).toHaveAccessibleName(`${en.launcher.open}, 1 unread message`);

  // The next message brings the card back, with its own text; it opens the chat — here by keyboard, just before
  // the launcher in the tab order.
  await agent.send("And a second one, longer than the first, to read in the card before opening the chat");
  const next = page.getByRole("button", { name: /^Alex: And a second one/ });
  await expect(next).toBeVisible();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("button", { name: "Dismiss the preview" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(next).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(host.panel).toBeVisible();
  await expect(host.log.getByText("And a second one", { exact: false })).toBeVisible();
  await expect(host.chat.getByText("You're chatting with Alex.")).toBeVisible();
  await expect(next).toBeHidden();
  await expectNoViolations(page);
});

test("Esc closes the panel and gives focus back to the launcher, from the host page or inside the chat", async ({
  page,
}) => {
  const host = new LauncherPage(page);
  await page.goto(E2E_HOST_SITE_URL);
  await host.launcher.click();
  await expect(host.chat.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(host.panel).toBeHidden();
  await expect(host.launcher).toBeFocused();
  await expect(host.launcher).toHaveAttribute("aria-expanded", "false");

  await page.keyboard.press("Enter");
  await expect(host.panel).toBeVisible();
  await expect(host.chat.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(host.launcher).toBeFocused();
});

test("the panel has one bar, the chat's own: its ✕ closes the panel by mouse or keyboard and gives focus back", async ({
  page,
}) => {
  const host = new LauncherPage(page);
  await page.goto(E2E_HOST_SITE_URL);
  await host.launcher.click();
  const close = host.chat.getByRole("button", { name: "Close chat" });
  await expect(close).toBeVisible();
  // The host's own bar, there while the chat loads, has stepped aside: on the host page only the launcher is left.
  await expect(page.getByRole("button", { name: "Close chat" })).toHaveCount(1);
  await expect(host.chat.getByRole("heading", { name: en.chat.title })).toBeVisible();
  await close.click();
  await expect(host.panel).toBeHidden();
  await expect(host.launcher).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(host.chat.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(close).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(host.panel).toBeHidden();
  await expect(host.launcher).toBeFocused();
});

test("a chat that cannot load leaves the host's own bar, so the panel can still be closed", async ({ page }) => {
  const host = new LauncherPage(page);
  await page.route(/\/embed\?/, (route) =>
    route.fulfill({ status: 503, contentType: "text/plain", body: "Down for maintenance" }),
  );
  await page.goto(`${E2E_HOST_SITE_URL}/?preload=none`);
  await host.launcher.click();
  await expect(host.chat.getByText("Down for maintenance")).toBeVisible();
  const hostClose = page.getByRole("dialog", { name: en.launcher.open }).getByRole("button", { name: "Close chat" });
  await hostClose.click();
  await expect(host.panel).toBeHidden();
  await expect(host.launcher).toBeFocused();
});

test("a host page that re-renders its whole body keeps the launcher", async ({ page }) => {
  const host = new LauncherPage(page);
  await page.goto(`${E2E_HOST_SITE_URL}/?preload=none`);
  await expect(host.launcher).toBeVisible();
  // As a framework does when it renders the body again: only the nodes it rendered itself stay.
  await page.evaluate(() => {
    const own = [...document.body.childNodes].filter((node) => !(node instanceof HTMLElement && node.shadowRoot));
    document.body.replaceChildren(...own);
  });
  await expect(host.launcher).toBeVisible();
  await host.launcher.click();
  await expect(host.chat.getByLabel("Name")).toBeVisible();
});

test("Start chat clicked before the chat's code has loaded still starts the chat (the form posts without JavaScript)", async ({
  page,
}) => {
  await page.route(/_next\/static\/chunks\/.*\.js/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  const host = new LauncherPage(page);
  await page.goto(`${E2E_HOST_SITE_URL}/?preload=none`);
  await host.launcher.click();
  await fillForm(host.chat, { name: visitorName("Early"), question: "Clicked before the scripts arrived" });
  await host.chat.getByRole("button", { name: "Start chat" }).click();
  await expect(host.log).toContainText("Clicked before the scripts arrived");
});

test("only allowed sites may frame the chat", async ({ page, request }) => {
  const response = await request.get("/embed");
  expect(response.headers()["content-security-policy"]).toContain(`frame-ancestors 'self' ${E2E_HOST_SITE_URL}`);
  // Other pages of the app stay unframeable by other sites.
  expect((await request.get("/chat")).headers()["content-security-policy"]).toMatch(/frame-ancestors 'self'(;|$)/);

  // The same host page on an origin that is not on the list: the browser refuses to show the chat.
  const otherOrigin = E2E_HOST_SITE_URL.replace("localhost", "127.0.0.1");
  const blocked = page.waitForEvent("console", (m) => /frame-ancestors/.test(m.text()));
  await page.goto(otherOrigin);
  await page.getByRole("button", { name: en.launcher.open }).click();
  await blocked;
  await expect(page.frameLocator(`iframe[title="${en.launcher.open}"]`).getByLabel("Name")).toHaveCount(0);

  // And the chat will not talk to a host it was not told about.
  await page.goto(`/embed?host=${encodeURIComponent("https://evil.example")}`);
  await expect(page.getByRole("heading", { name: "Chat unavailable here" })).toBeVisible();
});

test.describe("warming the panel ahead of the click (data-preload)", () => {
  test("the default warms the chat once the host page is idle, and the warmed chat stores nothing", async ({
    page,
    context,
  }) => {
    const host = new LauncherPage(page);
    const chatLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/embed");
    await page.goto(E2E_HOST_SITE_URL);
    await chatLoaded;
    // Warmed: the form is already there, inside the panel that is still closed — and laid out where it will open,
    // yet a click there still reaches the host page.
    await expect(host.panel).toBeHidden();
    await expect(host.chat.getByRole("button", { name: "Start chat" })).toBeAttached();
    const panelArea = await page.locator("#flex-webchat iframe").boundingBox();
    expect(panelArea?.width).toBeGreaterThan(200);
    const underPanel = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest("#flex-webchat") === null,
      { x: panelArea!.x + panelArea!.width / 2, y: panelArea!.y + panelArea!.height / 2 },
    );
    expect(underPanel).toBe(true);
    await page.waitForLoadState("networkidle");

    // Nothing stored anywhere: no cookie of any site, no web storage in the chat's frame or on the host page.
    expect(await context.cookies()).toEqual([]);
    // Web storage a third-party frame is denied altogether (as here) holds nothing either.
    const storage = () => {
      const count = (area: () => Storage) => {
        try {
          return area().length;
        } catch {
          return 0;
        }
      };
      return { local: count(() => localStorage), session: count(() => sessionStorage) };
    };
    expect(await host.chat.locator(":root").evaluate(storage)).toEqual({ local: 0, session: 0 });
    expect(await page.evaluate(storage)).toEqual({ local: 0, session: 0 });

    // The click shows the form that was waiting: focus lands in its first field.
    await host.launcher.click();
    await expect(host.chat.getByLabel("Name")).toBeFocused();
  });

  test('data-preload="none" loads nothing from the chat until the click', async ({ page }) => {
    const host = new LauncherPage(page);
    const chatRequests: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).origin === new URL(E2E_EMBED_APP_URL).origin) chatRequests.push(new URL(r.url()).pathname);
    });
    await page.goto(`${E2E_HOST_SITE_URL}/?preload=none`);
    await expect(host.launcher).toBeVisible();
    await page.waitForLoadState("networkidle");
    await host.launcher.hover();
    await host.launcher.focus();
    await page.waitForTimeout(1_000);
    expect(chatRequests).toEqual(["/embed.js"]);

    await host.launcher.click();
    // Opened cold, the chat takes the focus once it has loaded, and the keyboard reaches it.
    await expect(host.chat.getByLabel("Name")).toBeFocused();
    await page.keyboard.type("Ada");
    await expect(host.chat.getByLabel("Name")).toHaveValue("Ada");
    expect(chatRequests).toContain("/embed");
  });

  test('data-preload="load" loads the chat with the launcher, before the host page has loaded, and stores nothing', async ({
    page,
    context,
  }) => {
    const host = new LauncherPage(page);
    // The host page's load event waits for a frame added before it: the chat is there the moment the page has loaded.
    await page.goto(`${E2E_HOST_SITE_URL}/?preload=load`);
    expect(await page.locator("#flex-webchat iframe").count()).toBe(1);
    await expect(host.panel).toBeHidden();
    await expect(host.chat.getByRole("button", { name: "Start chat" })).toBeAttached();
    expect(await context.cookies()).toEqual([]);
    await host.launcher.click();
    await expect(host.chat.getByLabel("Name")).toBeFocused();
  });

  test('data-preload="intent" loads the chat when the pointer rests on the launcher, or it gets focus', async ({
    page,
  }) => {
    const host = new LauncherPage(page);
    for (const intent of ["hover", "focus"] as const) {
      await page.goto(`${E2E_HOST_SITE_URL}/?preload=intent`);
      await expect(host.launcher).toBeVisible();
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      await expect(page.locator("#flex-webchat iframe")).toHaveCount(0);

      const chatLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/embed");
      await (intent === "hover" ? host.launcher.hover() : host.launcher.focus());
      await chatLoaded;
      await expect(host.panel).toBeHidden();
      await expect(host.chat.getByRole("button", { name: "Start chat" })).toBeAttached();
    }
  });
});

test("the agent sees the host page the visitor is on, and follows them across the site", async ({ page, agent }) => {
  const host = new LauncherPage(page);
  // The query string is the site's to share (data-share-query): by default only the path goes.
  await page.goto(`${E2E_HOST_SITE_URL}/?utm_campaign=private-note`);
  await host.launcher.click();
  // The host has told the chat where the visitor is (the form carries it) before the visitor types.
  await expect(host.chat.locator('input[name="page"]')).toHaveValue('{"path":"/","title":"Example Shop"}');
  const name = visitorName("Shopper");
  await host.startChat({ name, question: "Which page am I on?" });
  await agent.openConversationWith(name);
  const where = agent.page.locator(".details-page");
  await expect(where).toHaveText("Example Shop /");
  // A single-page move on the host site: a new path and title, no reload.
  await page.evaluate(() => {
    history.pushState({}, "", "/checkout?step=2");
    document.title = "Checkout – Example Shop";
  });
  await expect(async () => {
    await agent.page.reload();
    await expect(where).toHaveText("Checkout – Example Shop /checkout", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});

test.describe("an invitation to chat (data-invite)", () => {
  const GREETING = "Questions about our plans? We're here to help.";
  const url = (path: string, after: number, pages = "/pricing*") =>
    `${E2E_HOST_SITE_URL}${path}?${new URLSearchParams({ invite: GREETING, "invite-after": String(after), "invite-pages": pages })}`;
  const invitation = (page: Page) => page.locator("#flex-webchat").getByRole("status").filter({ hasText: GREETING });
  const events = (page: Page) => page.getByRole("list", { name: "Chat events" });

  test("shows by its rules, never takes the focus or moves the page, is dismissed, and stores nothing", async ({
    page,
    context,
  }) => {
    // Not on a page its rules leave out, however long the visitor stays.
    await page.goto(url("/about", 1));
    await page.waitForTimeout(2_500);
    await expect(invitation(page)).toHaveCount(0);
    await expect(events(page)).not.toContainText("invitation");

    // On a page it names, after its delay: not at once, then politely, where the visitor's focus was not.
    await page.goto(url("/pricing/teams", 2));
    await expect(invitation(page)).toBeHidden();
    await expect(invitation(page)).toBeVisible({ timeout: 10_000 });
    await expect(events(page)).toContainText("invitation shown");
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    // No layout shift on the host page: the invitation floats over it (an observer with nothing to report stays quiet).
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) =>
            resolve(
              list.getEntries().reduce((sum, entry) => sum + (entry as PerformanceEntry & { value: number }).value, 0),
            ),
          ).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(0), 500);
        }),
    );
    expect(shift).toBe(0);
    await expectNoViolations(page);

    await invitation(page).getByRole("button", { name: en.launcher.dismissInvite }).click();
    await expect(invitation(page)).toHaveCount(0);
    await expect(events(page)).toContainText("invitation dismissed");
    await expect(new LauncherPage(page).launcher).toBeFocused();
    await expect(new LauncherPage(page).panel).toBeHidden();
    // Nothing stored before a chat starts: no cookie of any site.
    expect(await context.cookies()).toEqual([]);
  });

  test("accepted, it opens the form with its greeting, which opens the conversation the agent sees", async ({
    page,
    agent,
  }) => {
    const host = new LauncherPage(page);
    await page.goto(url("/pricing", 0));
    await invitation(page).getByRole("button", { name: en.launcher.invite }).click();
    await expect(events(page)).toContainText("invitation accepted");
    await expect(host.panel).toBeVisible();
    await expect(host.chat.getByText(GREETING)).toBeVisible();

    const name = visitorName("Invited");
    await host.startChat({ name, question: "Which plan fits a team of five?" });
    await expect(host.log.getByText(GREETING)).toBeVisible();
    await expect(host.log.locator(".message-author", { hasText: en.chat.bot })).toBeVisible();
    await agent.openConversationWith(name);
    await expect(agent.log.getByText(GREETING)).toBeVisible();
    await expect(agent.log).toContainText("Which plan fits a team of five?");

    // With a chat under way, the visitor is not invited again.
    await page.reload();
    await page.waitForTimeout(1_500);
    await expect(invitation(page)).toHaveCount(0);
  });

  test("with rules it cannot follow, it says why and shows nothing", async ({ page }) => {
    // An attribute out of range: a warning in the console naming it, no invitation, the launcher unharmed.
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    await page.goto(url("/pricing", 9999));
    await expect
      .poll(() => warnings.join("\n"))
      .toContain("an invitation's delay is a number of seconds from 0 to 3600");
    await page.waitForTimeout(1_500);
    await expect(page.locator("#flex-webchat").getByRole("status").filter({ hasText: GREETING })).toHaveCount(0);
    await expect(new LauncherPage(page).launcher).toBeVisible();

    // The script API refuses with a TypeError and the same sentences.
    const refusal = (rules: unknown) =>
      page.evaluate((r) => {
        try {
          (window as unknown as { FlexWebchat: { invite: (r: unknown) => void } }).FlexWebchat.invite(r);
          return "accepted";
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      }, rules);
    expect(await refusal({ message: "x".repeat(201) })).toBe(
      "TypeError: FlexWebchat: an invitation's message is plain text of at most 200 characters",
    );
    expect(await refusal({ message: "Hi", pages: ["pricing"] })).toBe(
      'TypeError: FlexWebchat: an invitation\'s pages are paths like "/pricing*"',
    );
    expect(await refusal("Hi")).toBe("TypeError: FlexWebchat.invite expects { message, after, pages }");
    await expect(events(page)).not.toContainText("invitation");
  });
});
