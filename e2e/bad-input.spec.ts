import { expect, test } from "./fixtures";
import { sealData } from "iron-session";
import { E2E_SESSION_SECRET } from "../playwright.config";
import { AgentPage, VisitorPage, formLabel, visitorName, newAgentContext } from "./pages";
import { widgetConfig } from "@/lib/widget-config";

test.describe("the pre-engagement form", () => {
  test("shows a field error next to each empty required field", async ({ page }) => {
    await page.goto("/chat");
    await page.getByRole("button", { name: "Start chat" }).click();
    await expect(page.getByLabel("Name")).toHaveAccessibleDescription("Please fill in this field.");
    await expect(page.getByLabel("How can we help?")).toHaveAccessibleDescription("Please fill in this field.");
    // Optional fields carry no error.
    await expect(page.getByLabel("Email (optional)")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("status").filter({ hasText: "Please check the highlighted fields." })).toBeVisible();
  });

  test("rejects over-long fields and a malformed email, keeping what was typed", async ({ page }) => {
    await page.goto("/chat");
    const visitor = new VisitorPage(page);
    await visitor.fillForm({ name: "N".repeat(81), email: "not-an-email", question: "Q".repeat(1001) });
    await page.getByRole("button", { name: "Start chat" }).click();
    await expect(page.getByLabel("Name")).toHaveAccessibleDescription("This can be at most 80 characters.");
    await expect(page.getByLabel("Email (optional)")).toHaveAccessibleDescription(
      /^So we can follow up if the chat is cut off\. Please enter a valid email address, like name@example\.com\.$/,
    );
    await expect(page.getByLabel("How can we help?")).toHaveAccessibleDescription(
      "This can be at most 1,000 characters.",
    );
    await expect(page.getByLabel("Email (optional)")).toHaveValue("not-an-email");
  });

  test("accepts names in any script", async ({ page }) => {
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name: "李小龙", question: "你好" });
    await expect(visitor.composer).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("still validates on the server and starts the chat", async ({ page }) => {
      const visitor = new VisitorPage(page);
      const [nameField, questionField] = (["name", "question"] as const).map((purpose) =>
        widgetConfig.preEngagement.fields.find((field) => field.purpose === purpose)!,
      );
      await visitor.open();
      await visitor.fillForm({ name: "Zoë", question: "" });
      await page.getByRole("button", { name: "Start chat" }).click();
      const question = page.getByLabel(formLabel(questionField!), { exact: true });
      await expect(question).toHaveAccessibleDescription("Please fill in this field.");
      await expect(page.getByLabel(formLabel(nameField!), { exact: true })).toHaveValue("Zoë");
      await question.fill("No JS here");
      await page.getByRole("button", { name: "Start chat" }).click();
      await expect(page.getByRole("log", { name: "Messages" })).toContainText("No JS here");
    });
  });
});

test.describe("the composer", () => {
  test("does not send empty messages and keeps a line break with Shift+Enter", async ({ page }) => {
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name: visitorName(), question: "Composer test" });
    await visitor.composer.fill("   ");
    await visitor.composer.press("Enter");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(visitor.log.getByRole("listitem")).toHaveCount(1);

    await visitor.composer.fill("line one");
    await visitor.composer.press("Shift+Enter");
    await visitor.composer.pressSequentially("line two");
    await visitor.composer.press("Enter");
    await expect(visitor.log.getByRole("listitem")).toHaveCount(2);
    await expect(visitor.log.getByRole("listitem").last().locator("p")).toHaveText("line one\nline two");
  });

  test("sends a message of exactly 4,000 characters and refuses one over", async ({ page }) => {
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name: visitorName(), question: "Limits" });
    await visitor.composer.fill("x".repeat(4001));
    await expect(page.getByText("Messages can be at most 4,000 characters; this one has 4,001.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
    await visitor.composer.press("Enter");
    await expect(visitor.log.getByRole("listitem")).toHaveCount(1);
    await expect(visitor.composer).toHaveValue("x".repeat(4001));

    await visitor.composer.fill("y".repeat(4000));
    await visitor.composer.press("Enter");
    await expect(visitor.composer).toHaveValue("");
    await expect(visitor.log.getByText("y".repeat(4000), { exact: true })).toBeVisible();
    await expect(visitor.log.getByText("Sending…")).toHaveCount(0);
  });
});

test.describe("hostile text", () => {
  test("HTML and script in names and messages are shown as text, never run", async ({ browser }) => {
    const visitorContext = await browser.newContext();
    const agentContext = await newAgentContext(browser);
    const page = await visitorContext.newPage();
    const agentPage = await agentContext.newPage();
    for (const p of [page, agentPage]) {
      await p.addInitScript(() => {
        (window as unknown as { __pwned: number }).__pwned = 0;
      });
    }
    const name = `<img src=x onerror="window.__pwned=1">${Math.random().toString(36).slice(2, 6)}`;
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name, question: "<script>window.__pwned=2</script>" });
    await visitor.send('<b onmouseover="window.__pwned=3">bold?</b>');
    await expect(visitor.log).toContainText("<script>window.__pwned=2</script>");

    const agent = new AgentPage(agentPage);
    await agent.openConversationWith(name);
    await expect(agent.log).toContainText('<b onmouseover="window.__pwned=3">bold?</b>');
    await agent.page.getByText(/bold\?/).hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
    expect(await agentPage.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
    await expect(page.locator("img, script:not([src])").filter({ hasText: "pwned" })).toHaveCount(0);
  });
});

test.describe("the session cookie", () => {
  test("is httpOnly and SameSite=Lax, and holds no token or history", async ({ page, context }) => {
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name: visitorName(), question: "A secret question" });
    const cookie = (await context.cookies()).find((c) => c.name === "webchat_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.secure).toBe(true); // next start runs with NODE_ENV=production
    expect(cookie?.value).not.toContain("A secret question");
    expect(cookie?.value).not.toMatch(/^eyJ/);
  });

  test("a tampered or garbage cookie is treated as no session", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "webchat_session", value: "Fe26.2**garbage**", url: baseURL! }]);
    const response = await page.goto("/chat");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("button", { name: "Start chat" })).toBeVisible();
  });

  test("a cookie for a conversation that no longer exists shows the ended view", async ({ page, context, baseURL }) => {
    const sealed = await sealData(
      { conversationSid: `CH${"0".repeat(32)}`, identity: "guest_gone" },
      { password: E2E_SESSION_SECRET },
    );
    await context.addCookies([{ name: "webchat_session", value: sealed, url: baseURL! }]);
    await page.goto("/chat");
    await expect(page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
    await page.getByRole("button", { name: "Start new chat" }).click();
    await expect(page.getByRole("button", { name: "Start chat" })).toBeVisible();
  });

  test("a cookie for a closed conversation shows the ended view after reload", async ({ visitor, agent }) => {
    const name = visitorName("Closed");
    await visitor.startChat({ name, question: "Close me" });
    await agent.openConversationWith(name);
    await agent.page.getByRole("button", { name: "End chat" }).click();
    await expect(agent.page.getByText("This conversation is closed.")).toBeVisible();
    await visitor.page.reload();
    await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  });
});

test.describe("live stream tokens", () => {
  test("a forged token is refused by the sandbox", async ({ page, request }) => {
    const visitor = new VisitorPage(page);
    await visitor.startChat({ name: visitorName(), question: "Token test" });
    const sid = await page.evaluate(() => document.cookie); // httpOnly: the page cannot read the session
    expect(sid).not.toContain("webchat_session");
    const header = { alg: "HS256", typ: "JWT" };
    const forged = [header, { grants: { identity: "guest_x" } }]
      .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
      .concat("c2lnbmF0dXJl")
      .join(".");
    const response = await request.get(`/api/sandbox/conversations/CH${"a".repeat(32)}/events`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status()).toBe(401);
    expect((await response.json()).message).toMatch(/Invalid Access Token/);
  });

  test("when the stream refuses the token, the page gets a fresh one from the server and carries on", async ({
    page,
  }) => {
    const visitor = new VisitorPage(page);
    const authorizations: string[] = [];
    const actions: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) actions.push(r.url());
    });
    let refusals = 0;
    let actionsAtRefusal = Infinity;
    await page.route("**/api/sandbox/conversations/*/events", async (route) => {
      const authorization = route.request().headers().authorization ?? "";
      authorizations.push(authorization);
      if (refusals === 0) {
        refusals++;
        actionsAtRefusal = actions.length;
        await route.fulfill({ status: 401, json: { code: 20104, message: "Access Token expired", status: 401 } });
      } else {
        await route.continue();
      }
    });
    await visitor.startChat({ name: visitorName(), question: "Refresh me" });
    await expect.poll(() => authorizations.length).toBeGreaterThanOrEqual(2);
    // Between the refusal and the second attempt, the page called the refreshToken server action.
    expect(actions.length).toBeGreaterThan(actionsAtRefusal);
    expect(authorizations[1]).toMatch(/^Bearer ey/);
    await visitor.send("Still here after a new token");
  });

  test("no token is minted for a closed conversation: the page shows the ended view instead", async ({
    visitor,
    agent,
  }) => {
    const name = visitorName("Refused");
    let refusals = 0;
    // Every stream attempt is refused as if the token had expired, so the page keeps asking for new ones.
    await visitor.page.route("**/api/sandbox/conversations/*/events", (route) => {
      refusals++;
      return route.fulfill({ status: 401, json: { code: 20104, message: "Access Token expired", status: 401 } });
    });
    await visitor.startChat({ name, question: "Close me while I renew" });
    await expect.poll(() => refusals).toBeGreaterThanOrEqual(2);
    await agent.openConversationWith(name);
    await agent.page.getByRole("button", { name: "End chat" }).click();
    await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible({ timeout: 15_000 });
    // Renewals back off instead of hammering the server.
    expect(refusals).toBeLessThan(8);
  });
});

test("the chat's own endpoints (place in line, page context) answer every bad request with a sentence", async ({
  visitor,
  request,
}) => {
  // Without a chat there is nothing to wait in or follow.
  expect((await request.get("/api/chat/queue")).status()).toBe(404);
  expect(await (await request.post("/api/chat/page", { data: { path: "/", title: "x" } })).json()).toEqual({
    message: "There is no chat under way to follow.",
  });

  await visitor.startChat({ name: visitorName("Endpoints"), question: "Testing the edges" });
  const api = visitor.page.request;
  const queue = await api.get("/api/chat/queue");
  expect(queue.status()).toBe(200);
  expect(await queue.json()).toMatchObject({ waiting: true, position: expect.any(Number) });

  const page = (data: unknown, headers?: Record<string, string>) => api.post("/api/chat/page", { data, headers });
  const plain = await page(JSON.stringify({ path: "/x", title: "x" }), { "content-type": "text/plain" });
  expect(plain.status()).toBe(415);
  expect((await page({ path: "https://elsewhere.example/", title: "x" })).status()).toBe(400);
  expect((await page({ path: `/${"a".repeat(3000)}`, title: "x" })).status()).toBe(413);
  expect((await page({ path: "/pricing", title: "Pricing" })).status()).toBe(204);
  const again = await page({ path: "/pricing/teams", title: "Teams" });
  expect(again.status()).toBe(429);
  expect((await again.json()).message).toBe("The page changed too often; the next change will be sent.");
});
