import { expectNoViolations } from "./axe";
import { en, es } from "./catalog";
import { expect, test } from "./fixtures";
import { fillForm, LauncherPage, visitorName, walkFormByKeyboard } from "./pages";

// The shipped form's fields (name, email, topic, question, the transcript box): the panel is sized to show them all.
const PANEL_FITS_FIELDS = 5;

test("the panel's form fits: Start chat is in view at the panel's full 680 px, without scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto("/");
  const host = new LauncherPage(page);
  await host.launcher.click();
  const panel = await host.panelBox();
  expect(panel.height).toBe(680);
  const start = host.chat.getByRole("button", { name: en.form.start });
  await expect(start).toBeVisible();
  const card = host.chat.locator(".card");
  if ((await host.chat.locator(".form .field").count()) <= PANEL_FITS_FIELDS) {
    const box = (await start.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(panel.y + panel.height);
    // Nothing scrolled to get there.
    expect(await card.evaluate((element) => element.scrollTop)).toBe(0);
  } else {
    // A fork's longer form scrolls inside the panel, never the host page.
    await start.scrollIntoViewIfNeeded();
    const box = (await start.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(panel.y + panel.height);
    expect(await card.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  }
});

test("one brand colour: the launcher wears the app's own, and the page's Dark choice carries into the panel", async ({
  page,
}) => {
  const host = new LauncherPage(page);
  const background = (locator: import("@playwright/test").Locator) =>
    locator.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.goto("/");
  const lightBrand = await background(page.getByRole("link", { name: "Open the full-page chat" }));
  expect(await background(host.launcher)).toBe(lightBrand);

  await page.goto("/?theme=dark");
  await host.launcher.click();
  await expect(host.chat.locator("html")).toHaveAttribute("data-theme", "dark");
  // The panel's bar (the chat's header) and the launcher: the brand's dark variant, the same on both.
  const bar = host.chat.locator(".brand-heading");
  await expect(bar).toBeVisible();
  expect(await background(host.launcher)).toBe(await background(bar));
  expect(await background(host.launcher)).not.toBe(lightBrand);
  await expectNoViolations(page);
});

test("nothing is stored in the browser until the visitor starts a chat", async ({ page, context }) => {
  await page.goto("/?lang=es&theme=dark");
  const host = new LauncherPage(page);
  await page.getByRole("button", { name: es.launcher.open }).click();
  await host.chat.getByLabel("Nombre").fill("Todavía no");
  await page.goto("/chat");
  await page.getByLabel("Name").fill("Not yet");
  const stored = async () => ({
    cookies: (await context.cookies()).map((c) => c.name),
    local: await page.evaluate(() => Object.keys(localStorage)),
    session: await page.evaluate(() => Object.keys(sessionStorage)),
  });
  expect(await stored()).toEqual({ cookies: [], local: [], session: [] });

  await fillForm(page, { name: "Not yet", question: "Now I start" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Now I start");
  expect((await stored()).cookies.sort()).toEqual(["webchat_locale", "webchat_session"]);
});

test("keyboard only: from the launcher to a sent message to the end of the chat", async ({ page }) => {
  const host = new LauncherPage(page);
  await page.goto("/");
  await expectNoViolations(page);
  // Tab to the launcher: past the page's own links.
  for (
    let i = 0;
    i < 12 &&
    !(await host.launcher.evaluate(
      (el) => el === document.activeElement?.shadowRoot?.activeElement || el.matches(":focus"),
    ));
    i++
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(host.launcher).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(host.panel).toBeVisible();
  await expect(host.chat.getByLabel("Name")).toBeFocused();
  await expectNoViolations(page);

  const details = { name: visitorName("Keys"), email: "keys@example.com", question: "Only the keyboard" };
  await walkFormByKeyboard(page, host.chat, details, { startsOnFirstField: true });
  await page.keyboard.press("Enter");
  await expect(host.log).toContainText("Only the keyboard");

  await host.composer.focus();
  await page.keyboard.type("Sent with Enter");
  await page.keyboard.press("Enter");
  await expect(host.log.getByText("Sent with Enter")).toBeVisible();

  // End chat: reach the ⋯ menu by Shift+Tab from the composer, choose End chat, confirm in the dialog by keyboard.
  const options = host.chat.getByRole("button", { name: "Chat options" });
  for (let i = 0; i < 10 && !(await options.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Shift+Tab");
  }
  await expect(options).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await expect(host.chat.getByRole("menuitem", { name: "End chat…" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(host.chat.getByRole("dialog")).toBeVisible();
  // Esc inside the dialog closes the dialog, not the panel.
  await page.keyboard.press("Escape");
  await expect(host.chat.getByRole("dialog")).toBeHidden();
  await expect(host.panel).toBeVisible();
  await expect(options).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  // As a person would: Enter once the menu shows its last item focused.
  await expect(host.chat.getByRole("menuitem", { name: "End chat…" })).toBeFocused();
  await page.keyboard.press("Enter");
  await host.chat.getByRole("button", { name: "Yes, end chat" }).focus();
  await page.keyboard.press("Enter");
  await expect(host.chat.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  await expectNoViolations(page);

  await page.keyboard.press("Escape");
  await expect(host.panel).toBeHidden();
  await expect(host.launcher).toBeFocused();
  await expectNoViolations(page);
});

test("focus is visible on every control", async ({ page }) => {
  await page.goto("/chat");
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
    });
    expect(outline.style, `${outline.tag} #${i}`).not.toBe("none");
    expect(outline.width, `${outline.tag} #${i}`).toBeGreaterThanOrEqual(2);
  }
});
