import { writeFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { VisitorPage, visitorName } from "./pages";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

test("a visitor attaches an image and a PDF; both sides see a preview and a file card", async ({ visitor, agent }) => {
  const name = visitorName("Files");
  await visitor.startChat({ name, question: "I have a photo and a label" });
  await agent.openConversationWith(name);

  const chooser = visitor.page.waitForEvent("filechooser");
  await visitor.page.getByRole("button", { name: "Attach files" }).click();
  await (
    await chooser
  ).setFiles([
    { name: "dot.png", mimeType: "image/png", buffer: PNG },
    { name: "label.pdf", mimeType: "application/pdf", buffer: PDF },
  ]);
  const picked = visitor.page.getByRole("list", { name: "Files to send" });
  await expect(picked.getByRole("listitem")).toHaveCount(2);
  await visitor.composer.fill("Here they are");
  await visitor.composer.press("Enter");
  await expect(picked).toBeHidden();

  for (const log of [visitor.log, agent.log]) {
    await expect(log.getByRole("img", { name: "dot.png" })).toBeVisible();
    await expect(log.getByText("label.pdf", { exact: true })).toBeVisible();
    await expect(log.getByRole("link", { name: "Download label.pdf" })).toBeVisible();
    // Flex web chat takes one file per message and never text beside a file: three messages, each alone.
    const words = log.getByRole("listitem").filter({ hasText: "Here they are" });
    await expect(words).toHaveCount(1);
    await expect(words.getByRole("img", { name: "dot.png" })).toHaveCount(0);
    await expect(words.getByText("label.pdf", { exact: true })).toHaveCount(0);
    const image = log.getByRole("listitem").filter({ has: log.getByRole("img", { name: "dot.png" }) });
    await expect(image.filter({ hasText: "label.pdf" })).toHaveCount(0);
  }
  // The image's URL is a signed, short-lived link that really serves the image.
  const src = await visitor.log.getByRole("img", { name: "dot.png" }).getAttribute("src");
  const image = await visitor.page.context().request.get(src!);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await image.body()).equals(PNG)).toBe(true);
  const forged = await visitor.page.context().request.get(src!.replace(/sig=[^&]+/, "sig=forged"));
  expect(forged.status()).toBe(403);
});

test("an attachment link older than its URL's lifetime fetches a fresh URL before it opens", async ({ page }) => {
  await page.clock.install();
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Expiry"), question: "A label for later" });
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles([{ name: "later.pdf", mimeType: "application/pdf", buffer: PDF }]);
  await visitor.composer.press("Enter");
  const download = visitor.log.getByRole("link", { name: "Download later.pdf" });
  await expect(download).toBeVisible();

  const lookups: string[] = [];
  page.on("request", (request) => {
    if (/\/media\?sid=ME/.test(request.url())) lookups.push(request.url());
  });
  // Twilio's temporary URLs last minutes; the page has been open for six.
  await page.clock.fastForward("06:00");
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toBe("later.pdf");
  expect(lookups).toHaveLength(1);
  // A fresh link is used as it is.
  const [again] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(again.suggestedFilename()).toBe("later.pdf");
  expect(lookups).toHaveLength(1);
});

test("files are refused with a reason: empty, too large, wrong type, a lying extension, too many", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Bad files"), question: "Bad files" });
  const attach = async (files: ({ name: string; mimeType: string; buffer: Buffer } | string)[]) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles(files as Parameters<Awaited<typeof chooser>["setFiles"]>[0]);
  };
  const refusals = page.getByRole("list", { name: "Files not added" });

  await attach([{ name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) }]);
  await expect(refusals).toContainText("empty.txt is empty.");
  const huge = test.info().outputPath("huge.pdf");
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 1));
  await attach([huge]);
  await expect(refusals).toContainText("huge.pdf is 50 MB; the limit is 10 MB.");
  await attach([{ name: "tool.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") }]);
  await expect(refusals).toContainText("tool.exe is not a type we accept");
  await attach(
    Array.from({ length: 100 }, (_, i) => ({
      name: `note${i}.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from(`note ${i}`),
    })),
  );
  await expect(page.getByRole("list", { name: "Files to send" }).getByRole("listitem")).toHaveCount(10);
  await expect(refusals).toContainText("at most 10 files at once");
  for (let i = 0; i < 10; i++) await page.getByRole("button", { name: `Remove note${i}.txt` }).click();

  // The extension says PNG, the bytes say text: the server sniffs and refuses, and nothing is lost.
  await attach([{ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("this is not a picture") }]);
  await visitor.composer.fill("with a lying file");
  await visitor.composer.press("Enter");
  await expect(
    page.getByRole("alert").filter({ hasText: "photo.png could not be sent: the chat service refused this file" }),
  ).toBeVisible();
  await expect(visitor.composer).toHaveValue("with a lying file");
  await expect(page.getByRole("list", { name: "Files to send" })).toContainText("photo.png");
});

test("files can be dropped on the chat and pasted into the message box", async ({ page }) => {
  const visitor = new VisitorPage(page);
  await visitor.startChat({ name: visitorName("Drop"), question: "Drop and paste" });
  const drop = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["dropped text"], "dropped.txt", { type: "text/plain" }));
    return transfer;
  });
  await page.locator("section.chat").dispatchEvent("drop", { dataTransfer: drop });
  await page.getByLabel("Message", { exact: true }).evaluate((el) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["pasted text"], "pasted.txt", { type: "text/plain" }));
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  const picked = page.getByRole("list", { name: "Files to send" });
  await expect(picked).toContainText("dropped.txt");
  await expect(picked).toContainText("pasted.txt");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(visitor.log.getByRole("link", { name: "Download pasted.txt" })).toBeVisible();
  await expect(visitor.log.getByRole("link", { name: "Download dropped.txt" })).toBeVisible();
});
