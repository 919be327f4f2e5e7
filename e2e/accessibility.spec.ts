import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { VisitorPage, visitorName, walkFormByKeyboard } from "./pages";

test("the form, with and without errors, has no axe violations", async ({ page }) => {
  await page.goto("/chat");
  await expectNoViolations(page);
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByText("Please fill in this field.").first()).toBeVisible();
  // The visitor is put on the first field to fix, its error read out as its description.
  await expect(page.getByLabel("Name")).toBeFocused();
  await expect(page.getByLabel("Name")).toHaveAccessibleDescription("Please fill in this field.");
  await expectNoViolations(page);
});

test("the chat, the typing indicator, the end dialog and the ended view have no axe violations", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Axe");
  await visitor.startChat({ name, question: "Accessibility check" });
  await agent.openConversationWith(name);
  await agent.send("Hello from the agent");
  await expect(visitor.log).toContainText("Hello from the agent");
  await expectNoViolations(visitor.page);
  await expectNoViolations(agent.page);

  await agent.reply.pressSequentially("typing");
  await expect(visitor.page.getByText("Agent is typing…")).toBeVisible();
  await expectNoViolations(visitor.page);

  await visitor.askToEnd();
  await expect(visitor.page.getByRole("dialog")).toBeVisible();
  await expectNoViolations(visitor.page);
  await visitor.page.getByRole("button", { name: "Yes, end chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  // The live stream shows the end before End chat's own navigation lands: check the page that stays.
  await expect(visitor.page).toHaveURL(/ended=1/);
  await expect(visitor.page).toHaveTitle(/\S/);
  await expectNoViolations(visitor.page);

  await agent.page.goto("/agent");
  await expectNoViolations(agent.page);
});

test("the chat works by keyboard alone", async ({ page }) => {
  await page.goto("/chat");
  // Every field of the form as configured, in its order: a fork's own fields are walked the same way.
  await walkFormByKeyboard(page, page, { name: "Kim", email: "kim@example.com", question: "Keyboard only" });
  await page.keyboard.press("Enter");
  const composer = page.getByLabel("Message", { exact: true });
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Keyboard only");
  await composer.focus();
  await page.keyboard.type("Typed and sent with Enter");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Typed and sent with Enter");
  await expect(composer).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("button", { name: "Attach files" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("log", { name: "Messages" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  const options = page.getByRole("button", { name: "Chat options" });
  await expect(options).toBeFocused();
  // A real menu: Enter opens it on its first item, arrows move, Esc closes it back onto its button.
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitemcheckbox", { name: "Sound for new messages" })).toBeFocused();
  await expectNoViolations(page);
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(options).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "End chat…" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(options).toBeFocused();
});

test("each new message is announced once, with its author; history and the visitor's own words are not", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Hearing");
  await visitor.startChat({ name, question: "Read it to me" });
  const announcements = visitor.page.getByRole("log", { name: "Chat announcements" });
  await agent.openConversationWith(name);
  await agent.send("First answer");
  await agent.send("Second answer");
  // The agent's joining is said once, then each message with its author.
  await expect(announcements.locator("p")).toHaveText([
    "Agent joined the chat",
    "Agent: First answer",
    "Agent: Second answer",
  ]);
  await visitor.send("My reply");
  await expect(announcements.locator("p")).toHaveCount(3);
  // The visible log is not itself live: rows the virtual list re-adds while scrolling are not read out again.
  await expect(visitor.log).toHaveAttribute("aria-live", "off");
  await visitor.page.reload();
  await expect(visitor.log).toContainText("Second answer");
  await expect(announcements.locator("p")).toHaveCount(0);
});

test("the offline banner has no axe violations", async ({ page, context }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Offline"), question: "Losing the signal" });
  await context.setOffline(true);
  await expect(page.getByText("Connection lost. Reconnecting…")).toBeVisible();
  await expectNoViolations(page);
  await context.setOffline(false);
  await expect(page.getByText("You're back online.")).toBeVisible();
});
