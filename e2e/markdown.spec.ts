import { expectNoViolations } from "./axe";
import { en } from "./catalog";
import { expect, test } from "./fixtures";
import { visitorName } from "./pages";

// An agent's Markdown, end to end on the sandbox: the subset (bold, italic, code, lists, links, line breaks) shows
// formatted in the visitor's log and in the transcript email; raw HTML, images and script links show as text.

test("an agent's Markdown shows formatted to the visitor and in the email; hostile Markdown shows as text", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Marta");
  const address = `${name.split(" ").pop()}@example.com`;
  await visitor.open();
  await visitor.fillForm({ name, email: address, question: "Where is order 4521?" });
  await visitor.page.getByLabel(en.fields.transcript.label).check();
  await visitor.page.getByRole("button", { name: en.form.start }).click();
  await expect(visitor.log).toContainText("Where is order 4521?");
  await agent.openConversationWith(name);

  await agent.send(
    "**Order 4521** ships _today_:\n- tracking `TRK-9`\n- [the tracking page](https://example.com/track)",
    {
      shownAs: /Order 4521 ships today/,
    },
  );
  const formatted = visitor.log.locator(".message-markdown").filter({ hasText: "Order 4521" });
  await expect(formatted.locator("strong")).toHaveText("Order 4521");
  await expect(formatted.locator("em")).toHaveText("today");
  await expect(formatted.locator("code")).toHaveText("TRK-9");
  await expect(formatted.getByRole("listitem")).toHaveCount(2);
  await expect(formatted.getByRole("link", { name: "the tracking page" })).toHaveAttribute(
    "href",
    "https://example.com/track",
  );
  await expectNoViolations(visitor.page);

  const hostile =
    '<script>window.hacked = 1</script> <img src="x" onerror="window.hacked = 2"> ![pixel](https://tracker.invalid/p.png) [click](javascript:window.hacked=3) **end**';
  await agent.send(hostile, { shownAs: /pixel click end/ });
  const shown = visitor.log.locator(".message-markdown").filter({ hasText: "window.hacked = 1" });
  await expect(shown).toContainText('<script>window.hacked = 1</script> <img src="x" onerror="window.hacked = 2">');
  await expect(shown.locator("strong")).toHaveText("end");
  await expect(visitor.log.locator("img, script, iframe")).toHaveCount(0);
  await expect(visitor.log.locator('a[href^="javascript:"]')).toHaveCount(0);
  expect(await visitor.page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();

  // The visitor's own asterisks stay as typed: only agents format.
  await visitor.send("I *really* need it");
  await expect(visitor.log.getByText("I *really* need it", { exact: true })).toBeVisible();

  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: en.ended.title })).toBeVisible();
  await agent.page.goto("/agent/mail");
  const mail = agent.page.getByRole("listitem").filter({ hasText: address });
  await expect(async () => {
    await agent.page.reload();
    await expect(mail).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await mail.getByText("HTML source").click();
  const source = mail.locator("pre").last();
  await expect(source).toContainText("<strong>Order 4521</strong> ships <em>today</em>");
  await expect(source).toContainText('<a href="https://example.com/track" rel="noopener noreferrer nofollow">');
  await expect(source).toContainText("&lt;script&gt;window.hacked = 1&lt;/script&gt;");
  await expect(source).toContainText("I *really* need it");
  await expect(source).not.toContainText("<img");
  await expect(source).not.toContainText("javascript:");
});
