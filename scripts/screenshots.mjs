// Takes the screenshots of the README and docs/ from a running app in sandbox mode: `npm run screenshots -- http://127.0.0.1:3000`
// (with AGENT_CONSOLE_PASSWORD set to the server's when it runs a production build).
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./lib/chromium.mjs";
import { readFileSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = process.argv[3] ?? "docs";
const browser = await chromium.launch(chromiumLaunchOptions);

const desktop = { viewport: { width: 1100, height: 760 } };
const visitorContext = await browser.newContext(desktop);
// A production build asks for the agent console's password: pass the one the server was started with.
const agentContext = await browser.newContext({
  ...desktop,
  httpCredentials: { username: "agent", password: process.env.AGENT_CONSOLE_PASSWORD ?? "" },
});
const visitor = await visitorContext.newPage();
const agent = await agentContext.newPage();
const name = "Maria José Fernández-Oliveira";

await visitor.goto(`${base}/chat`);
await visitor.screenshot({ path: `${out}/form.png` });
await visitor.getByRole("button", { name: "Start chat" }).click();
await visitor.getByText("Please fill in this field.").first().waitFor();
await visitor.screenshot({ path: `${out}/form-errors.png` });

await visitor.getByLabel("Name").fill(name);
await visitor.getByLabel("Email (optional)").fill("maria@example.com");
await visitor
  .getByLabel("How can we help?")
  .fill("My order #4521 was supposed to arrive on Monday but the tracking page has not changed since last week.");
await visitor.getByLabel("Email me a copy of this conversation").check();
await visitor.getByRole("button", { name: "Start chat" }).click();
await visitor.getByRole("log", { name: "Messages" }).getByText("My order #4521").waitFor();

// Waiting: the place in the queue (read from TaskRouter every few seconds).
await visitor
  .getByRole("status")
  .filter({ hasText: /in line/ })
  .waitFor();
await visitor.screenshot({ path: `${out}/waiting.png` });

await agent.goto(`${base}/agent`);
await agent.screenshot({ path: `${out}/agent-list.png` });
await agent
  .getByRole("button", { name: `Accept ${name}` })
  .last()
  .click();
const reply = agent.getByLabel("Reply");
await reply.fill("Hi Maria! Thanks for waiting. Let me look up order #4521 for you.");
await reply.press("Enter");
await visitor.getByRole("log", { name: "Messages" }).getByText("Let me look up").waitFor();
const composer = visitor.getByLabel("Message", { exact: true });
await composer.fill(
  "Thank you! It's a birthday present, so it would be great to have it by Friday.\nThe address is correct in my account.",
);
await composer.press("Enter");
await agent.getByRole("log", { name: "Messages" }).getByText("birthday present").waitFor();
const chooser = visitor.waitForEvent("filechooser");
await visitor.getByRole("button", { name: "Attach files" }).click();
await (
  await chooser
).setFiles([
  { name: "tracking-page.png", mimeType: "image/png", buffer: readFileSync(`${out}/form.png`) },
  { name: "order-4521-receipt.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") },
]);
await composer.fill("Here is the receipt, and a screenshot of the tracking page.");
await composer.press("Enter");
await agent.getByRole("log", { name: "Messages" }).getByText("order-4521-receipt.pdf", { exact: true }).waitFor();
await visitor.getByRole("log", { name: "Messages" }).getByRole("img").waitFor();
await reply.pressSequentially("It left our warehouse");
await visitor.getByText(/is typing…/).waitFor();
await visitor.screenshot({ path: `${out}/chat.png` });
await agent.screenshot({ path: `${out}/agent-conversation.png` });

const mobile = await browser.newContext({
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
const phone = await mobile.newPage();
await phone.goto(`${base}/chat`);
await phone.getByLabel("Name").fill("李小龙");
await phone.getByLabel("How can we help?").fill("Hello from a small screen");
await phone.getByRole("button", { name: "Start chat" }).click();
await phone.getByRole("log", { name: "Messages" }).getByText("Hello from a small screen").waitFor();
await phone
  .getByLabel("Message", { exact: true })
  .fill("A".repeat(60) + " " + "Supercalifragilisticexpialidocious".repeat(4));
await phone.getByLabel("Message", { exact: true }).press("Enter");
await phone.getByRole("log", { name: "Messages" }).getByText("Supercali", { exact: false }).waitFor();
await phone.screenshot({ path: `${out}/mobile.png` });

await agent.getByRole("button", { name: "End chat" }).click();
await visitor.getByRole("heading", { name: "This chat has ended" }).waitFor();
await visitor.screenshot({ path: `${out}/ended.png` });
await visitor.getByRole("radio", { name: "5 – Excellent" }).check();
await visitor.getByLabel("Anything to add? (optional)").fill("Fast and friendly, thank you!");
await visitor.screenshot({ path: `${out}/rating.png` });

// The transcript the visitor asked for, as the sandbox's mailbox received it.
await agent.goto(`${base}/agent/mail`);
const mail = agent
  .getByRole("list", { name: /^Mail/ })
  .getByRole("listitem")
  .filter({ hasText: "maria@example.com" })
  .first();
for (let i = 0; i < 30 && (await mail.count()) === 0; i++) {
  await agent.waitForTimeout(500);
  await agent.reload();
}
await mail.getByText("Message text").click();
await agent.screenshot({ path: `${out}/mail.png` });

// The launcher on the landing page, open, with a live chat in its panel.
const site = await (await browser.newContext(desktop)).newPage();
await site.goto(base);
await site.getByRole("button", { name: /^Chat with / }).click();
const panel = site.locator("#flex-webchat").locator("iframe").contentFrame();
await panel.getByLabel("Name").fill("Sam Okafor");
await panel.getByLabel("How can we help?").fill("Can I change the delivery address of an order that has shipped?");
await panel.getByRole("button", { name: "Start chat" }).click();
await panel.getByRole("log", { name: "Messages" }).getByText("delivery address").waitFor();
await site.screenshot({ path: `${out}/launcher.png` });

// Dark, and Arabic (right to left), each through its switch.
for (const [file, query, question, answer] of [
  ["dark", "theme=dark", "Is the store open on Sunday?", "Yes, from 10:00 to 16:00."],
  ["rtl", "lang=ar", "هل يمكنني تغيير عنوان التوصيل؟", "نعم، سأساعدك في ذلك الآن."],
]) {
  const page = await (await browser.newContext(desktop)).newPage();
  await page.goto(`${base}/chat?${query}`);
  const name = file === "rtl" ? "ليلى حسن" : "Noor Haddad";
  await page.locator("input[name=name]").fill(name);
  await page.locator("textarea[name=question]").fill(question);
  await page.locator("form button[type=submit]").click();
  const log = page.getByRole("log", { name: file === "rtl" ? "الرسائل" : "Messages" });
  await log.getByText(question).waitFor();
  await agent.goto(`${base}/agent`);
  await agent
    .getByRole("button", { name: `Accept ${name}` })
    .last()
    .click();
  await agent.getByLabel("Reply").fill(answer);
  await agent.getByLabel("Reply").press("Enter");
  await log.getByText(answer).waitFor();
  await page.screenshot({ path: `${out}/${file}.png` });
}

await browser.close();
console.log(`Screenshots written to ${out}/`);
