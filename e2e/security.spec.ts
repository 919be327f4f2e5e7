import { expect, test } from "./fixtures";

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
