import { expect, test } from "@playwright/test";
import { recordScripts } from "./pages";

// The app in Twilio mode, its REST calls answered by Prism from Twilio's own OpenAPI documents (see
// playwright.config.ts). Prism is stateless: the conversation it returns is the documents' example, whose messages
// include "I like pie." — which proves the page was built from Twilio's REST answers, not from the sandbox.

const twilioHosts: string[] = [];

test.beforeEach(async ({ context }) => {
  // The browser SDK tries to reach Twilio; no test may. Record and refuse every such attempt.
  await context.route(/twilio\.com/, (route) => {
    twilioHosts.push(new URL(route.request().url()).hostname);
    return route.abort("internetdisconnected");
  });
  await context.routeWebSocket(/twilio\.com/, (ws) => {
    twilioHosts.push(new URL(ws.url()).hostname);
    return ws.close();
  });
});

test("starting a chat creates the WebChat through Twilio's API and renders the history on the server", async ({
  page,
  context,
}) => {
  const scripts = recordScripts(page);
  await page.goto("/chat");
  await expect(page.getByText("Sandbox mode")).toHaveCount(0);
  expect(scripts.filter((s) => s.sdk)).toEqual([]); // the form page does not need it
  await page.getByLabel("Name").fill("Larry");
  await page.getByLabel("How can we help?").fill("Where is my pie?");
  await page.getByRole("button", { name: "Start chat" }).click();

  const log = page.getByRole("log", { name: "Messages" });
  await expect(log).toContainText("I like pie.");
  await expect(log).toContainText("Cake is my favorite!");

  // A reload gets the history in the first HTML, before any websocket could connect.
  const html = await (await context.request.get("/chat")).text();
  expect(html).toContain("I like pie.");
  expect(html).not.toContain("Sandbox mode");

  // The browser side is @twilio/conversations, loaded lazily: it tried to reach Twilio (and was refused here).
  await expect.poll(() => twilioHosts.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => scripts.filter((s) => s.sdk).length).toBe(1);
});

test("the agent console does not exist in Twilio mode", async ({ request }) => {
  expect((await request.get("/agent")).status()).toBe(404);
  expect((await request.get(`/agent/CH${"a".repeat(32)}`)).status()).toBe(404);
  const live = await request.get(`/api/sandbox/conversations/CH${"a".repeat(32)}/events`);
  expect(live.status()).toBe(404);
});
