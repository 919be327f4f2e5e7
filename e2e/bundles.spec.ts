import { expect, test } from "@playwright/test";
import { LauncherPage, VisitorPage, recordScripts, visitorName } from "./pages";

test("the sandbox chat never downloads the Twilio Conversations SDK", async ({ page }) => {
  const scripts = recordScripts(page);
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName(), question: "Which bundle?" });
  await visitor.send("Connected and live");
  await page.reload();
  await expect(visitor.log).toContainText("Connected and live");
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => s.sdk).map((s) => s.url)).toEqual([]);
});

test("the landing page runs no script but the launcher's: no React runtime beside the panel", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script" && request.frame() === page.mainFrame())
      requested.push(new URL(request.url()).pathname);
  });
  await page.goto("/");
  const host = new LauncherPage(page);
  await expect(host.launcher).toBeVisible();
  expect(
    await page.evaluate(() =>
      [...document.scripts].map((script) => new URL(script.src || "inline:", location.href).pathname),
    ),
  ).toEqual(["/embed.js"]);
  // The launcher works all the same: its panel opens on the form.
  await host.launcher.click();
  await expect(host.chat.getByLabel("Name")).toBeVisible();
  expect(requested).toEqual(["/embed.js"]);
});
