import { expect, test } from "./fixtures";
import { VisitorPage, visitorName } from "./pages";

test("messages written offline wait in the outbox and go out in order, once each, when back online", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Outbox");
  await visitor.startChat({ name, question: "Going into a tunnel" });
  await agent.openConversationWith(name);

  await visitor.page.context().setOffline(true);
  await expect(visitor.page.getByText("Connection lost. Reconnecting…")).toBeVisible();
  for (const text of ["first while offline", "second while offline", "third while offline"]) {
    await visitor.composer.fill(text);
    await visitor.composer.press("Enter");
  }
  await expect(visitor.log.getByText("Sending…")).toHaveCount(3);
  await visitor.page.context().setOffline(false);

  await expect(visitor.log.getByText("Sending…")).toHaveCount(0);
  await expect(agent.log).toContainText("third while offline");
  const bodies = await agent.log.locator(".message-body").allTextContents();
  expect(bodies.filter((b) => b.endsWith("while offline"))).toEqual([
    "first while offline",
    "second while offline",
    "third while offline",
  ]);
});

test("unsent messages survive a reload and are sent once the backend accepts them", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Reload"), question: "Outbox across reloads" });
  // The backend cannot be reached for sends (the stream stays up), so the messages stay in the outbox.
  await page.route("**/api/sandbox/conversations/*/messages", (route) =>
    route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue(),
  );
  await visitor.composer.fill("kept across a reload");
  await visitor.composer.press("Enter");
  await expect(visitor.log.getByText("Sending…")).toHaveCount(1);
  await page.reload();
  await expect(visitor.log.getByText("kept across a reload")).toBeVisible();
  await expect(visitor.log.getByText("Sending…")).toHaveCount(1);

  await page.unroute("**/api/sandbox/conversations/*/messages");
  await expect(visitor.log.getByText("Sending…")).toHaveCount(0, { timeout: 10_000 });
  await page.reload();
  await expect(visitor.log.getByText("kept across a reload")).toHaveCount(1);
});

test("a message the backend refuses is marked Not sent with a Retry", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Refused"), question: "Refuse my next message" });
  let refuse = true;
  await page.route("**/api/sandbox/conversations/*/messages", (route) =>
    refuse && route.request().method() === "POST"
      ? route.fulfill({ status: 400, json: { code: 20001, message: "The message was refused.", status: 400 } })
      : route.continue(),
  );
  await visitor.composer.fill("please retry me");
  await visitor.composer.press("Enter");
  await expect(visitor.log.getByRole("alert")).toContainText("Not sent");
  refuse = false;
  await visitor.log.getByRole("button", { name: "Retry" }).click();
  await expect(visitor.log.getByRole("alert")).toHaveCount(0);
  await expect(visitor.log.getByText("Sending…")).toHaveCount(0);
  await expect(visitor.log.getByText("please retry me")).toHaveCount(1);
});

test("when the agent closes the chat, nothing the visitor wrote disappears", async ({ visitor, agent }) => {
  const name = visitorName("Closing");
  await visitor.startChat({ name, question: "Closing on me" });
  await agent.openConversationWith(name);
  // One message stuck in the outbox, another still being typed.
  await visitor.page.route("**/api/sandbox/conversations/*/messages", (route) =>
    route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue(),
  );
  await visitor.composer.fill("stuck in the outbox");
  await visitor.composer.press("Enter");
  await expect(visitor.log.getByText("Sending…")).toHaveCount(1);
  await visitor.composer.fill("half-typed thought");

  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  await expect(visitor.log.getByRole("alert")).toHaveText("Not sent (the chat has ended)");
  await expect(visitor.page.getByLabel("Your unsent message")).toHaveValue("half-typed thought");
});
