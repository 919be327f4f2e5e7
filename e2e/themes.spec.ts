import type { Page } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { fillForm, visitorName } from "./pages";
import { en } from "./catalog";
import { widgetConfig } from "@/lib/widget-config";

/** A configured #rrggbb colour as getComputedStyle writes it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test("dark follows the system, the switch overrides it, and both pass axe", async ({ page, agent }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/chat");
  expect(await background(page)).toBe("rgb(13, 18, 32)");
  await expectNoViolations(page);

  await page.getByRole("navigation", { name: "Appearance" }).getByRole("link", { name: "Light" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background(page)).toBe("rgb(244, 246, 250)");
  await page.getByRole("navigation", { name: "Appearance" }).getByRole("link", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

  // A whole chat in dark: the brand colour comes from the configuration's dark palette.
  const name = visitorName("Night");
  await fillForm(page, { name, question: "In the dark" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await agent.openConversationWith(name);
  await agent.send("Dark reply");
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Dark reply");
  const own = page.getByRole("log", { name: "Messages" }).getByText("In the dark");
  expect(await own.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(widgetConfig.brand.dark.brand));
  await expectNoViolations(page);
  await page.screenshot({ path: "test-results/dark-chat.png" });
});

test("reduced motion turns transitions off", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  const launcher = page.getByRole("button", { name: en.launcher.open });
  await expect(launcher).toBeVisible();
  expect(await launcher.evaluate((el) => getComputedStyle(el).transitionDuration)).toBe("0s");
  await page.emulateMedia({ reducedMotion: "no-preference" });
  expect(await launcher.evaluate((el) => getComputedStyle(el).transitionDuration)).not.toBe("0s");
});
