import type { Page } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { fillForm, VisitorPage, visitorName } from "./pages";
import { en, es } from "./catalog";

// Transcript by email, end to end on the sandbox: the app's mailer speaks SMTP to the sandbox's mailbox, and what
// arrived is read back from the agent console's Mail page — no mock anywhere. The chat's end reaches the app as
// Twilio's would, through the conversation's signed webhook.

/** A unique address per test: the mailbox is shared by every test of the run. */
const addressOf = (name: string) => `${name.split(" ").pop()}@example.com`;

/** The Mail page's messages to one address. */
function mailTo(page: Page, address: string) {
  return page.getByRole("list", { name: /^Mail/ }).getByRole("listitem").filter({ hasText: address });
}

/** Opens the Mail page until the one email to `address` has arrived (the mailer runs after the chat ends). */
async function theOneMailTo(page: Page, address: string) {
  await page.goto("/agent/mail");
  const mails = mailTo(page, address);
  await expect(async () => {
    await page.reload();
    await expect(mails).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return mails.first();
}

async function startWithTranscript(visitor: VisitorPage, name: string, question: string, { tick = true } = {}) {
  await visitor.open();
  await visitor.fillForm({ name, email: addressOf(name), question });
  if (tick) await visitor.page.getByLabel("Email me a copy of this conversation").check();
  await visitor.page.getByRole("button", { name: "Start chat" }).click();
  await expect(visitor.log).toContainText(question);
}

async function endAsVisitor(visitor: VisitorPage) {
  await visitor.askToEnd();
  await visitor.page.getByRole("button", { name: "Yes, end chat" }).click();
  await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
}

test("a visitor who ticked the box gets exactly one email with the whole transcript when the agent ends the chat", async ({
  visitor,
  agent,
}) => {
  const name = visitorName("Mara");
  const address = addressOf(name);
  await startWithTranscript(visitor, name, "Where is my order?");
  await visitor.send("The number is 4521.");
  await agent.openConversationWith(name);
  await agent.send("It ships today.");
  await expect(visitor.log).toContainText("It ships today.");
  await agent.page.getByRole("button", { name: "End chat" }).click();
  await expect(visitor.page.getByText("This chat has ended")).toBeVisible();

  const mail = await theOneMailTo(agent.page, address);
  await expect(mail.getByRole("heading", { name: en.mail.subject })).toBeVisible();
  await expect(mail).toContainText("Chat transcripts <transcripts@sandbox.invalid>");
  await expect(mail).toContainText("text and HTML");
  await mail.getByText("Message text").click();
  // The text part (the HTML source follows it).
  const text = mail.locator("pre").first();
  for (const line of ["You:", "Where is my order?", "The number is 4521.", "Agent:", "It ships today."]) {
    await expect(text).toContainText(line);
  }
  // Above the messages, the visitor's answers to the form, with the form's labels.
  await expect(text).toContainText(`${en.fields.name.label}: ${name}`);
  await expect(text).toContainText(`${en.fields.email.label}: ${address}`);
  await expectNoViolations(agent.page);

  // Nothing more arrives for this chat: the visitor's reload and the agent's wrap-up send no second copy.
  await visitor.page.reload();
  await agent.page.waitForTimeout(1_500);
  await agent.page.reload();
  await expect(mailTo(agent.page, address)).toHaveCount(1);
});

test("no email without the box, and none to an address slipped into the form: only the address given gets one", async ({
  visitor,
  browser,
  agent,
}) => {
  const quiet = visitorName("Quiet");
  await startWithTranscript(visitor, quiet, "No copy for me, thanks.", { tick: false });
  await endAsVisitor(visitor);

  // A second visitor ticks the box and adds a field of their own naming someone else's address.
  const context = await browser.newContext();
  const other = new VisitorPage(await context.newPage());
  const name = visitorName("Lena");
  await other.open();
  await other.fillForm({ name, email: addressOf(name), question: "Copy please." });
  await other.page.getByLabel("Email me a copy of this conversation").check();
  await other.page
    .locator("form")
    .first()
    .evaluate((form) => {
      for (const field of ["transcriptTo", "to", "webchat_transcript"]) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = field;
        input.value = "mallory@example.com";
        form.append(input);
      }
    });
  await other.page.getByRole("button", { name: "Start chat" }).click();
  await expect(other.log).toContainText("Copy please.");
  await endAsVisitor(other);
  await context.close();

  await agent.page.goto("/agent/mail");
  // The later chat's email arriving shows the mailer has run past the earlier one.
  await expect(async () => {
    await agent.page.reload();
    await expect(mailTo(agent.page, addressOf(name))).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(mailTo(agent.page, addressOf(quiet))).toHaveCount(0);
  await expect(mailTo(agent.page, "mallory@example.com")).toHaveCount(0);
});

test("the box needs an email address, said at the email field in the visitor's language", async ({ page }) => {
  await page.goto("/chat?lang=es");
  await fillForm(page, { name: visitorName("Ana"), question: "Hola" }, es);
  await page.getByLabel("Enviarme por correo una copia de esta conversación").check();
  await page.getByRole("button", { name: "Iniciar chat" }).click();
  await expect(page.getByText("Escribe tu correo electrónico para que podamos enviarte la copia.")).toBeVisible();
  await expect(page.getByRole("log")).toHaveCount(0);
  await expectNoViolations(page);
});

test("the webhook takes only Twilio's signed requests: a forged one is refused with a sentence and sends nothing", async ({
  request,
}) => {
  const form = { EventType: "onConversationStateUpdated", StateTo: "closed", ConversationSid: `CH${"0".repeat(32)}` };
  const unsigned = await request.post("/api/webhooks/conversations", { form });
  expect(unsigned.status()).toBe(403);
  expect(await unsigned.text()).toBe("This address only takes Twilio's webhooks, which carry an X-Twilio-Signature.");
  const forged = await request.post("/api/webhooks/conversations", {
    form,
    headers: { "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toBe("The X-Twilio-Signature does not match this request.");
  const huge = await request.post("/api/webhooks/conversations", {
    headers: { "x-twilio-signature": "x", "content-type": "application/x-www-form-urlencoded" },
    data: `Body=${"x".repeat(70_000)}`,
  });
  expect(huge.status()).toBe(413);
});

test("attachments in the emailed transcript are links that open the file, in the email's language when they can't", async ({
  visitor,
  agent,
}) => {
  const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  const name = visitorName("Ines");
  const address = addressOf(name);
  await startWithTranscript(visitor, name, "Here is the label.");
  const chooser = visitor.page.waitForEvent("filechooser");
  await visitor.page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles([{ name: "label.pdf", mimeType: "application/pdf", buffer: PDF }]);
  await visitor.composer.press("Enter");
  await expect(visitor.log.getByRole("link", { name: "Download label.pdf" })).toBeVisible();
  await endAsVisitor(visitor);

  const mail = await theOneMailTo(agent.page, address);
  await mail.getByText("Message text").click();
  const text = mail.locator("pre").first();
  await expect(text).toContainText("Attachment: label.pdf");
  await expect(text).toContainText("Links to attachments work for 30 days after the chat.");
  const link = text.getByRole("link", { name: /\/api\/transcripts\/media\/ME/ });
  await expect(link).toHaveCount(1);
  const href = (await link.getAttribute("href"))!;

  // Opened from the email: a redirect to a fresh temporary URL of the file, whose bytes are the visitor's.
  const request = agent.page.context().request;
  const direct = await request.get(href, { maxRedirects: 0 });
  expect(direct.status()).toBe(302);
  expect(direct.headers()["cache-control"]).toBe("no-store");
  expect(direct.headers().location).toMatch(/\/api\/sandbox\/media\/ME[0-9a-f]{32}\?exp=\d+&sig=/);
  const file = await request.get(href);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect((await file.body()).equals(PDF)).toBe(true);

  // A changed link is refused with a page that says why, in the language it names.
  const forged = new URL(href);
  forged.searchParams.set("conversation", `CH${"0".repeat(32)}`);
  const refused = await request.get(forged.toString());
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("This link was not sent by this site, or it was changed after it was sent.");
  forged.searchParams.set("lang", "es");
  expect(await (await request.get(forged.toString())).text()).toContain("Este enlace no lo envió este sitio");
  // Opened in a browser, the refusal is a page a person can read.
  await agent.page.goto(forged.toString());
  await expect(agent.page.getByRole("heading", { name: "No se puede abrir este archivo adjunto" })).toBeVisible();
  await expectNoViolations(agent.page);
  const cut = new URL(href);
  cut.searchParams.delete("sig");
  expect((await request.get(cut.toString())).status()).toBe(400);
});
