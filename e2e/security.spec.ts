import { E2E_AGENT_PASSWORD } from "../playwright.config";
import { expect, test } from "./fixtures";
import { formValues, visitorName } from "./pages";

test("pages carry a nonce-based CSP that every script of the page satisfies", async ({ request }) => {
  const response = await request.get("/chat");
  const csp = response.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce per response.
  const again = (await request.get("/chat")).headers()["content-security-policy"]!;
  expect(again).not.toBe(csp);
});

test("a whole chat runs without a single CSP violation", async ({ visitor, agent }) => {
  for (const page of [visitor.page, agent.page]) {
    await page.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  }
  const name = `CSP ${Math.random().toString(36).slice(2, 6)}`;
  await visitor.startChat({ name, question: "Policy check" });
  await agent.openConversationWith(name);
  await agent.send("Strict and working");
  await expect(visitor.log).toContainText("Strict and working");
  await visitor.page.reload();
  await expect(visitor.log).toContainText("Strict and working");
  for (const page of [visitor.page, agent.page]) {
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  }
});

test("the agent console asks for its password in production and refuses a wrong one", async ({ browser, request }) => {
  const anonymous = await request.get("/agent");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/^Basic /);
  expect(await anonymous.text()).toContain('Sign in to the agent console (user "agent")');
  const wrong = await browser.newContext({ httpCredentials: { username: "agent", password: "not-the-password" } });
  expect((await wrong.request.get("/agent")).status()).toBe(401);
  await wrong.close();
});

test("an agent action posted from outside the console, without its password, changes nothing", async ({
  visitor,
  agent,
  request,
}) => {
  const name = visitorName("Guarded");
  await visitor.startChat({ name, question: "Only real agents, please" });
  // The console's own Accept form names the action (as a browser without JavaScript would post it).
  await agent.showInQueue(name);
  // As served (a page reached by a client-side link has no progressive-enhancement fields).
  await agent.page.reload();
  const form = agent.page.getByRole("listitem").filter({ hasText: name }).locator("form");
  const fields = await form
    .locator("input[type=hidden]")
    .evaluateAll((inputs) =>
      inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const),
    );
  expect(fields.some(([field]) => field.startsWith("$ACTION_ID_"))).toBe(true);
  // Posted to a page the console's guard does not cover, with no credentials at all.
  const multipart = Object.fromEntries(fields);
  const response = await request.post("/chat", { multipart, maxRedirects: 0 });
  expect(response.status()).toBeLessThan(500);
  await agent.page.reload();
  await expect(agent.page.getByRole("button", { name: `Accept ${name}` })).toBeVisible();
});

test("bad addresses and oversized form posts answer 4xx with a sentence, never 500", async ({ request, browser }) => {
  for (const path of ["/chat/%E0%A4%A", "/api/sandbox/conversations/%E0%A4%A/events"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.text()).toMatch(/malformed %-encoding/);
  }
  const agent = await browser.newContext({ httpCredentials: { username: "agent", password: E2E_AGENT_PASSWORD } });
  expect((await agent.request.get("/agent/%E0%A4%A")).status()).toBe(400);
  await agent.close();
  // The form's own fields, with a 1.5 MB name, as a browser without JavaScript would post them.
  const page = await (await request.get("/chat")).text();
  const multipart = formValues({ name: "n".repeat(1_500_000), question: "hi", email: "" });
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    multipart[name!] = (value ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  const big = await request.post("/chat", { multipart, maxRedirects: 0 });
  expect(big.status()).toBe(413);
  expect(await big.text()).toBe("This form is too large to send.");
});

test("every answer carries the security headers: prefetched pages, HTML 404s under /api, the console's 401", async ({
  request,
}) => {
  const prefetches: Record<string, string>[] = [
    { purpose: "prefetch" },
    { "next-router-prefetch": "1" },
    { "sec-purpose": "prefetch" },
  ];
  for (const headers of prefetches) {
    const prefetched = await request.get("/chat", { headers });
    expect(prefetched.headers()["content-security-policy"], JSON.stringify(headers)).toMatch(
      /script-src 'self' 'nonce-/,
    );
    expect(prefetched.headers()["x-content-type-options"]).toBe("nosniff");
  }
  const missing = await request.get("/api/does-not-exist");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
  const refused = await request.get("/agent");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});

test("an upload over the limit is refused whole, never cut short and kept", async ({ visitor }) => {
  await visitor.startChat({ name: visitorName("Upload"), question: "A big file" });
  const html = await (await visitor.page.context().request.get("/chat")).text();
  const sid = /conversationSid\\?":\\?"(CH[0-9a-f]{32})/.exec(html)![1]!;
  const token = /token\\?":\\?"(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(html)![1]!;
  // A PNG signature and 20 MB: cut at Flex's 16 MB anywhere on the way, it would look like an acceptable image.
  const body = Buffer.alloc(20 * 1024 * 1024);
  body.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const response = await visitor.page.context().request.post(`/api/sandbox/conversations/${sid}/media`, {
    headers: { authorization: `Bearer ${token}`, "content-type": "image/png", "x-filename": "big.png" },
    data: body,
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).message).toBe("The file is larger than the 16 MB limit.");
});
