import { expect, test } from "./fixtures";
import { LauncherPage, VisitorPage, visitorName } from "./pages";
import { ar, en } from "./catalog";

// A phone: 390×844, touch, mobile viewport meta honoured.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/**
 * Visible buttons, links, selects and checkboxes smaller than 44×44 CSS pixels (links inside message text aside;
 * a checkbox counts with its label row, which toggles it too).
 */
async function smallTargets(scope: import("@playwright/test").Page | import("@playwright/test").FrameLocator) {
  const root = scope.locator("body");
  return root.evaluate((body) =>
    [...body.querySelectorAll("button, a, select, input[type=checkbox]")]
      .filter((el) => !el.closest(".message-body") && (el as HTMLElement).offsetParent !== null)
      .map((el) => ({
        el: el.textContent?.trim() || el.getAttribute("aria-label") || el.tagName,
        box: (el.matches("input[type=checkbox]") ? el.closest(".field")! : el).getBoundingClientRect(),
      }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el}: ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

test("on a phone the chat fills the screen, targets are large enough, and nothing scrolls sideways", async ({
  page,
}) => {
  const visitor = new VisitorPage(page);
  await page.goto("/chat");
  expect(await smallTargets(page)).toEqual([]);
  await visitor.startChat({ name: visitorName("Phone"), question: "From my phone" });
  await visitor.send("A message typed with thumbs");

  const chat = await page.locator(".chat").boundingBox();
  expect(chat).toMatchObject({ x: 0, y: 0, width: 390 });
  expect(Math.round(chat!.height)).toBe(844);
  // The composer's height follows the visual viewport (what an on-screen keyboard leaves visible).
  expect(
    await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--visual-viewport-height")),
  ).toBe(`${await page.evaluate(() => window.visualViewport!.height)}px`);
  const composer = await visitor.composer.boundingBox();
  expect(composer!.y + composer!.height).toBeLessThanOrEqual(844);
  expect(await smallTargets(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/mobile-chat.png" });
});

test("on a phone the launcher covers none of the landing page's links, in either direction", async ({ page }) => {
  for (const [lang, name] of [
    ["en", en.launcher.open],
    ["ar", ar.launcher.open],
  ]) {
    await page.goto(`/?lang=${lang}`);
    const button = page.getByRole("button", { name, exact: true });
    await expect(button).toBeVisible();
    for (const link of await page.getByRole("link").all()) {
      await link.scrollIntoViewIfNeeded();
      const box = (await link.boundingBox())!;
      const launcher = (await button.boundingBox())!;
      const overlaps =
        box.x < launcher.x + launcher.width &&
        launcher.x < box.x + box.width &&
        box.y < launcher.y + launcher.height &&
        launcher.y < box.y + box.height;
      expect(overlaps, `${lang}: "${await link.textContent()}" under the launcher at ${JSON.stringify(launcher)}`).toBe(
        false,
      );
    }
  }
});

test("on a phone the launcher's panel is full screen with a large close button", async ({ page }) => {
  const host = new LauncherPage(page);
  await page.goto("/");
  await host.launcher.tap();
  const panel = await host.panelBox();
  expect(panel).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
  // The panel's one bar is the chat's header; its ✕ is inside the chat.
  const close = host.chat.getByRole("button", { name: "Close chat" });
  const box = await close.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(44);
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await host.startChat({ name: visitorName("Tap"), question: "Inside the panel on a phone" });
  expect(await smallTargets(host.chat)).toEqual([]);
  await close.tap();
  await expect(host.panel).toBeHidden();
});

// 320 CSS px is a 1280 px window at 400% zoom; 640 px is the same window at 200%.
for (const width of [320, 640])
  test.describe(`${width} px wide`, () => {
    test.use({ viewport: { width, height: 640 } });

    test("the form and the chat lose nothing and never scroll sideways", async ({ page }) => {
      const visitor = new VisitorPage(page);
      await page.goto("/chat?lang=es");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.goto("/chat?lang=en");
      await visitor.startChat({
        name: `${"Bartholomew ".repeat(6)}${visitorName()}`.slice(0, 80),
        question: "W".repeat(300),
      });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expect(page.getByRole("button", { name: "Chat options" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
    });
  });

test.describe("on a desktop window", () => {
  test.use({ viewport: { width: 1280, height: 1000 }, isMobile: false, hasTouch: false });

  test("the full-page chat fills the window's height, and the page itself does not scroll", async ({ page }) => {
    const visitor = new VisitorPage(page);
    await page.goto("/chat");
    await visitor.startChat({ name: visitorName("Tall"), question: "On a tall screen" });
    const chat = await page.getByRole("region", { name: en.chat.title }).boundingBox();
    expect(chat!.height).toBeGreaterThanOrEqual(1000 - 170);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1000);
  });
});
