import { expect, test } from "./fixtures";
import { visitorName } from "./pages";

// Network faults with defined outcomes: a slow network, and a token that expires while a message is being sent.

test("on a slow network the visitor sees progress, and every message arrives once, in order", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Slow");
  const page = visitor.page;
  // Every request of the visitor's page takes 800 ms longer (the live stream too, before its first byte).
  await page.route("**/*", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue().catch(() => {}); // The page may have gone away meanwhile.
  });
  await visitor.open();
  await visitor.fillForm({ name, question: "Slow line here" });
  const start = page.getByRole("button", { name: "Start chat" });
  await start.click();
  // Progress is shown and a second click cannot start a second chat.
  await expect(page.getByRole("button", { name: "Starting chat…" })).toBeDisabled();
  await expect(visitor.log).toContainText("Slow line here", { timeout: 20_000 });

  const texts = ["one on a slow line", "two on a slow line", "three on a slow line"];
  for (const text of texts) {
    await visitor.composer.fill(text);
    await visitor.composer.press("Enter");
  }
  // Shown at once, marked as sending until the slow server answers.
  await expect(visitor.log.getByText("Sending…").first()).toBeVisible();
  await expect(visitor.log.getByText("Sending…")).toHaveCount(0, { timeout: 20_000 });

  // Only one chat was started for this visitor.
  await agent.showInQueue(name);
  await expect(agent.page.getByRole("link", { name })).toHaveCount(1);
  await agent.openConversationWith(name);
  await expect(agent.log).toContainText(texts[2]!);
  const bodies = await agent.log.locator(".message-body").allTextContents();
  expect(bodies.filter((b) => b.endsWith("on a slow line"))).toEqual(texts);

  await agent.send("Answered over a slow line");
  await expect(visitor.log.getByText("Answered over a slow line")).toBeVisible({ timeout: 20_000 });
  const visitorBodies = await visitor.log.locator(".message-body").allTextContents();
  expect(visitorBodies.filter((b) => b.endsWith("on a slow line"))).toEqual(texts);
});

test("a token that expires during a send is renewed and the message goes out once", async ({ visitor, agent }) => {
  const name = visitorName("Expiry");
  const page = visitor.page;
  await visitor.startChat({ name, question: "My token is about to expire" });

  const sends: string[] = [];
  const actions: number[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) actions.push(sends.length);
  });
  // The first send meets an expired token, exactly as the sandbox reports one (Twilio's 20104).
  await page.route("**/api/sandbox/conversations/*/messages", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    sends.push(route.request().headers().authorization ?? "");
    if (sends.length === 1) {
      return route.fulfill({
        status: 401,
        json: { code: 20104, message: "Access Token expired or expiration date invalid", status: 401 },
      });
    }
    return route.continue();
  });

  await visitor.composer.fill("sent across a token renewal");
  await visitor.composer.press("Enter");
  await expect(visitor.log.getByText("Sending…")).toHaveCount(1);
  await expect(visitor.log.getByText("Sending…")).toHaveCount(0, { timeout: 15_000 });

  // Refused once, renewed through the refreshToken server action (between the two sends), then sent again.
  // (The new token may equal the old one when minted within the same second: what matters is the order of calls.)
  expect(sends.length).toBe(2);
  expect(actions.some((at) => at === 1)).toBe(true);
  expect(sends[1]).toMatch(/^Bearer ey/);
  await expect(visitor.log.getByRole("alert")).toHaveCount(0);

  await agent.openConversationWith(name);
  await expect(agent.log.getByText("sent across a token renewal")).toHaveCount(1);
  await page.reload();
  await expect(visitor.log.getByText("sent across a token renewal")).toHaveCount(1);
});

test("while the queue cannot be read, the visitor still sees they are waiting; their place shows once it can", async ({
  visitor,
}) => {
  let failing = true;
  await visitor.page.route("**/api/chat/queue", (route) =>
    failing
      ? route.fulfill({
          status: 502,
          contentType: "application/json",
          body: '{"message":"The queue could not be read right now."}',
        })
      : route.continue(),
  );
  await visitor.startChat({ name: visitorName("Unqueued"), question: "Anyone there?" });
  await expect(visitor.page.getByText("Waiting for an agent to join…")).toBeVisible();
  await visitor.page.waitForTimeout(1_000);
  await expect(visitor.page.getByText(/in line\./)).toHaveCount(0);
  failing = false;
  // The next poll (every 5 s) reads it.
  await expect(visitor.page.getByText(/in line\./)).toBeVisible({ timeout: 12_000 });
  await expect(visitor.page.getByText("Waiting for an agent to join…")).toBeVisible();
});
