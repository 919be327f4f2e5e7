import { expect, test } from "@playwright/test";
import { VisitorPage, recordScripts, visitorName } from "./pages";

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
