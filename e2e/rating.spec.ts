import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { visitorName } from "./pages";

// The optional rating when a chat ends: kept in the agent's task (where Flex Insights reads post-chat data) and
// shown in the agent console; skippable; by keyboard alone.

test("the visitor rates the chat by keyboard after it ends; the agent sees the rating", async ({ visitor, agent }) => {
  const name = visitorName("Rater");
  await visitor.startChat({ name, question: "Can you help?" });
  await agent.openConversationWith(name);
  await agent.send("Of course.");
  await agent.page.getByRole("button", { name: "End chat" }).click();

  const page = visitor.page;
  const form = page.getByRole("form", { name: "How was this chat?" });
  await expect(form).toBeVisible();
  await expectNoViolations(page);
  // Nothing chosen: the form says what is missing instead of sending.
  await form.getByRole("button", { name: "Send rating" }).click();
  await expect(form.getByRole("radio", { name: "1 – Very poor" })).toBeFocused();

  // Keyboard: arrows move through the radio group, Tab reaches the comment and the buttons.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(form.getByRole("radio", { name: "4 – Good" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Anything to add? (optional)")).toBeFocused();
  await page.keyboard.type("Quick and kind");
  await form.getByRole("button", { name: "Send rating" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Thank you for your rating." })).toBeVisible();
  await expect(form).toHaveCount(0);

  await agent.page.reload();
  await expect(agent.page.locator(".details-rating")).toHaveText("4 of 5 — “Quick and kind”");
});

test("the rating can be skipped, and a chat no agent took has nobody to rate", async ({ visitor }) => {
  await visitor.startChat({ name: visitorName("Skipper"), question: "Never mind." });
  await visitor.askToEnd();
  await visitor.page.getByRole("button", { name: "Yes, end chat" }).click();
  const form = visitor.page.getByRole("form", { name: "How was this chat?" });
  await expect(form).toBeVisible();
  await form.getByRole("radio", { name: "5 – Excellent" }).check();
  await form.getByRole("button", { name: "Send rating" }).click();
  await expect(form.getByRole("alert")).toHaveText("This chat never reached an agent, so there is nothing to rate.");
  await form.getByRole("button", { name: "Skip" }).click();
  await expect(form).toHaveCount(0);
  await expect(visitor.page.getByRole("button", { name: "Start new chat" })).toBeVisible();
});
