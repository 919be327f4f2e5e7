import { expect, test } from "./fixtures";

const CORPUS = [
  "<script>window.__pwned = 1</script>",
  '<img src=x onerror="window.__pwned = 2">',
  '<a href="javascript:window.__pwned = 3">click me</a>',
  "javascript:window.__pwned=4",
  "[click](javascript:window.__pwned=5)",
  '"><svg onload="window.__pwned = 6">',
  "\u202Etxt.exe — right-to-left override",
  "W".repeat(10_000),
  "{{constructor.constructor('window.__pwned = 7')()}}",
];

test("a corpus of hostile bodies, names and file names renders as text, runs nothing and keeps the layout", async ({
  visitor,
  agent,
}) => {
  const dialogs: string[] = [];
  for (const page of [visitor.page, agent.page]) {
    await page.addInitScript(() => ((window as unknown as { __pwned: number }).__pwned = 0));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }
  const name = `\u202E<b onmouseover=alert(1)>${"N".repeat(40)}`;
  await visitor.startChat({ name, question: CORPUS[0]! });
  for (const body of CORPUS.slice(1)) {
    await visitor.composer.fill(body);
    await visitor.composer.press("Enter");
  }
  // A file whose name is markup.
  const chooser = visitor.page.waitForEvent("filechooser");
  await visitor.page.getByRole("button", { name: "Attach files" }).click();
  await (
    await chooser
  ).setFiles([
    { name: '<img src=x onerror="window.__pwned=8">.txt', mimeType: "text/plain", buffer: Buffer.from("hi") },
  ]);
  await visitor.page.getByRole("button", { name: "Send" }).click();
  await expect(
    visitor.log.getByRole("link", { name: 'Download <img src=x onerror="window.__pwned=8">.txt' }),
  ).toBeVisible();

  await agent.openConversationWith(name);
  await expect(agent.log.getByRole("link", { name: /Download <img/ })).toBeVisible();
  for (const page of [visitor.page, agent.page]) {
    expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
    // Nothing in the log became a javascript: link or an element from a message.
    expect(
      await page.locator('[role="log"] a[href^="javascript:"], [role="log"] script, [role="log"] svg[onload]').count(),
    ).toBe(0);
    // The 10,000-character word wraps inside the log instead of widening it.
    const overflow = await page
      .getByRole("log", { name: "Messages" })
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  expect(dialogs).toEqual([]);
});
