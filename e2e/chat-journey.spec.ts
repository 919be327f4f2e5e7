import { expect, test } from "./fixtures";
import { VisitorPage, askToEnd, visitorName } from "./pages";

test("a visitor and an agent chat live, through reload, until the agent closes", async ({ visitor, agent }) => {
  const name = visitorName("José");

  await visitor.startChat({ name, email: "jose@example.com", question: "My order #123 has not arrived." });
  await expect(visitor.log.getByRole("listitem")).toHaveCount(1);
  await expect(visitor.log).toContainText("You");

  // The agent sees the new conversation with the pre-engagement data, and joins it.
  await agent.showInQueue(name);
  const entry = agent.page.getByRole("listitem").filter({ hasText: name });
  await expect(entry).toContainText("jose@example.com");
  await expect(entry).toContainText("My order #123 has not arrived.");
  await agent.openConversationWith(name);
  await expect(agent.log).toContainText("My order #123 has not arrived.");
  const visitorId = await agent.page.locator(".details-id").textContent();
  expect(visitorId).toMatch(/^guest_/);

  // A reply reaches the visitor live, without a reload.
  await agent.send("Hi! Let me check that for you.");
  await expect(visitor.log).toContainText("Hi! Let me check that for you.");
  await expect(visitor.log.getByRole("listitem").last()).toContainText("Agent");

  // Typing shows both ways, beneath the log without shrinking it (a log that shrinks under its newest message loses
  // its place at the bottom when the next one arrives).
  const logHeights = () =>
    Promise.all([visitor.log, agent.log].map((log) => log.evaluate((element) => element.clientHeight)));
  const quiet = await logHeights();
  await agent.reply.pressSequentially("Still look");
  await expect(visitor.page.getByText("Agent is typing…")).toBeVisible();
  await visitor.composer.pressSequentially("Thank");
  await expect(agent.page.getByText(`${name} is typing…`)).toBeVisible();
  expect(await logHeights()).toEqual(quiet);
  await visitor.composer.press("Enter");
  await expect(agent.log).toContainText("Thank");
  await expect(visitor.page.getByText("Agent is typing…")).toBeHidden({ timeout: 8_000 });

  // Reload: the same conversation comes back, its history already in the server's HTML, and stays live.
  await visitor.page.reload();
  await expect(visitor.log).toContainText("Hi! Let me check that for you.");
  const html = await (await visitor.page.context().request.get("/chat")).text();
  expect(html).toContain("Hi! Let me check that for you.");
  await agent.reply.fill("Found it: it ships tomorrow.");
  await agent.reply.press("Enter");
  await expect(visitor.log).toContainText("Found it: it ships tomorrow.");
  await expect(visitor.log.getByRole("listitem")).toHaveCount(4);

  // The agent closes; the visitor sees the ended view and can start over with a new conversation.
  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  await expect(visitor.composer).toBeHidden();
  const [download] = await Promise.all([
    visitor.page.waitForEvent("download"),
    visitor.page.getByRole("link", { name: "Download transcript" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^chat-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
  const transcript = await (
    await download.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(transcript).toMatch(/\] You:\n {2}My order #123 has not arrived\./);
  expect(transcript).toMatch(/\] Agent:\n {2}Found it: it ships tomorrow\./);
  await visitor.page.getByRole("button", { name: "Start new chat" }).click();
  await expect(visitor.page.getByLabel("Name")).toBeVisible();
  await visitor.startChat({ name, question: "One more thing." });
  await expect(visitor.log).not.toContainText("Found it");
  await agent.showInQueue(name);
  // The first chat waits in the agent's wrap-up; the new one is the only one in the queue.
  const waiting = agent.page.getByRole("list", { name: /^Waiting/ });
  await expect(waiting.getByRole("listitem").filter({ hasText: name })).toHaveCount(1);
  await expect(waiting.getByRole("listitem").filter({ hasText: name })).toContainText("One more thing.");
  // A returning visitor keeps one identity across chats.
  await agent.openConversationWith(name);
  await expect(agent.page.locator(".details-id")).toHaveText(visitorId!);
});

test("two tabs of one browser show the same conversation live", async ({ context }) => {
  const first = new VisitorPage(await context.newPage());
  await first.startChat({ name: visitorName("Ana"), question: "Two tabs?" });
  const second = new VisitorPage(await context.newPage());
  await second.open();
  await expect(second.log).toContainText("Two tabs?");
  await first.send("Sent from the first tab");
  await expect(second.log).toContainText("Sent from the first tab");
  await second.send("And from the second");
  await expect(first.log).toContainText("And from the second");
});

test("the visitor ends the chat after confirming; the chat no longer resumes", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("李小龙"), question: "Just testing." });
  await askToEnd(page);
  const dialog = page.getByRole("dialog", { name: "End this chat?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Keep chatting" }).click();
  await expect(dialog).toBeHidden();
  await expect(visitor.composer).toBeVisible();

  // Closing the dialog put focus back on the menu's button, where it came from.
  await expect(page.getByRole("button", { name: "Chat options" })).toBeFocused();
  await askToEnd(page);
  await dialog.getByRole("button", { name: "Yes, end chat" }).click();
  await expect(page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  // The conversation stays on screen, read-only: only the composer's place changed.
  await expect(page.getByRole("region", { name: "Messages" })).toContainText("Just testing.");
  await expect(visitor.composer).toHaveCount(0);
  // The chat the visitor just ended can still be downloaded from the ended view.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download transcript" }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8"));
  expect(text).toContain("Just testing.");
  await page.goto("/chat");
  await expect(page.getByRole("button", { name: "Start chat" })).toBeVisible();
});

test("the connection banner shows a lost stream and its return", async ({ page, context }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Noor"), question: "Offline test" });
  await context.setOffline(true);
  await expect(page.getByText("Connection lost. Reconnecting…")).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText("You're back online.")).toBeVisible();
  await visitor.send("After the drop");
});
