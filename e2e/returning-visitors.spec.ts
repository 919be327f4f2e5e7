import { E2E_CONTEXT_SECRET } from "../playwright.config";
import { expectNoViolations } from "./axe";
import { signVisitorContext } from "../lib/visitor-context";
import { expect, test } from "./fixtures";
import { askToEnd, fillForm, openChatMenu, visitorName } from "./pages";

/** What the embedding site's server signs for a signed-in visitor: their name and their own id as `sub`. */
const contextFor = (name: string, subject: string, secret = E2E_CONTEXT_SECRET) =>
  signVisitorContext({ name }, secret, 600, subject);

test("a known visitor sees their earlier chat after starting a second one elsewhere, and a third device continues the open one", async ({
  page,
  agent,
  browser,
}) => {
  const name = visitorName("Grace");
  const subject = `user-${name}`;
  // First visit: a chat the agent answers, then the visitor ends it.
  await page.goto(`/chat?context=${contextFor(name, subject)}`);
  await fillForm(page, { question: "Where is parcel 7?" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Where is parcel 7?");
  await agent.openConversationWith(name);
  await agent.send("Parcel 7 left the depot this morning.");
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Parcel 7 left the depot");
  await askToEnd(page);
  await page.getByRole("button", { name: "End chat" }).click();
  await expect(page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();

  // Another device (a fresh browser, no cookie): the site signs the same person in again.
  const device = await browser.newContext();
  const other = await device.newPage();
  await other.goto(`/chat?context=${contextFor(name, subject)}`);
  // The form offers the history before anything is started here; back from it, the form still knows them.
  await other.getByRole("link", { name: "Previous conversations" }).click();
  await expect(other.getByRole("link", { name: /Where is parcel 7\?/ })).toBeVisible();
  await other.getByRole("link", { name: "Back to chat" }).click();
  await expect(other.getByText(`Chatting as ${name}.`)).toBeVisible();
  await fillForm(other, { question: "And parcel 8?" });
  await other.getByRole("button", { name: "Start chat" }).click();
  await expect(other.getByRole("log", { name: "Messages" })).toContainText("And parcel 8?");

  // From the second chat's menu: the first one is listed with its question, and opens read-only.
  await (await openChatMenu(other)).getByRole("menuitem", { name: "Previous conversations" }).click();
  await expect(other.getByRole("heading", { name: "Previous conversations" })).toBeVisible();
  const earlier = other.getByRole("link", { name: /Where is parcel 7\?/ });
  await expect(earlier).toBeVisible();
  // The chat under way is not history.
  await expect(other.getByRole("link", { name: /And parcel 8\?/ })).toHaveCount(0);
  await expectNoViolations(other);
  await earlier.click();
  await expect(other.getByRole("heading", { name: "Earlier conversation" })).toBeVisible();
  const log = other.getByRole("region", { name: "Messages" });
  await expect(log).toContainText("Where is parcel 7?");
  await expect(log).toContainText("Parcel 7 left the depot this morning.");
  await expect(other.getByRole("textbox")).toHaveCount(0);
  await expectNoViolations(other);

  const download = other.waitForEvent("download");
  await other.getByRole("link", { name: "Download transcript" }).click();
  const text = await (
    await (await download).createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(text).toContain("Parcel 7 left the depot this morning.");

  // Back to the chat under way, as it was.
  await other.getByRole("link", { name: "Back to chat" }).click();
  await expect(other.getByRole("log", { name: "Messages" })).toContainText("And parcel 8?");

  // A third device while that chat is open: the same chat goes on there, the new question in it.
  const third = await browser.newContext();
  const phone = await third.newPage();
  await phone.goto(`/chat?context=${contextFor(name, subject)}`);
  await fillForm(phone, { question: "Also parcel 9" });
  await phone.getByRole("button", { name: "Start chat" }).click();
  const thread = phone.getByRole("log", { name: "Messages" });
  await expect(thread).toContainText("And parcel 8?");
  await expect(thread).toContainText("Also parcel 9");
  await expect(other.getByRole("log", { name: "Messages" })).toContainText("Also parcel 9");
  await third.close();
  await device.close();
});

test("a forged, expired or different identity sees nothing of a known visitor's history", async ({ page, browser }) => {
  const name = visitorName("Hedy");
  const subject = `user-${name}`;
  await page.goto(`/chat?context=${contextFor(name, subject)}`);
  await fillForm(page, { question: "Frequency hopping?" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("Frequency hopping?");
  await askToEnd(page);
  await page.getByRole("button", { name: "End chat" }).click();
  await expect(page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  // The one who ended it can go to it from the ended chat.
  await page.getByRole("link", { name: "Previous conversations" }).click();
  await expect(page.getByRole("link", { name: /Frequency hopping\?/ })).toBeVisible();

  const stranger = await browser.newContext();
  const mallory = await stranger.newPage();
  // Signed with another secret, naming the same person: the form does not trust it and lists nothing.
  const forged = contextFor(name, subject, "not-the-shared-secret-0123456789abcdefgh");
  await mallory.goto(`/chat?context=${forged}`);
  await expect(mallory.getByLabel("Name")).toBeVisible();
  await expect(mallory.getByRole("link", { name: "Previous conversations" })).toHaveCount(0);
  await mallory.goto(`/chat?history=all&context=${forged}`);
  await expect(mallory.getByRole("alert").filter({ hasText: /it has expired or isn.t valid/ })).toBeVisible();
  await expect(mallory.getByText("Frequency hopping?")).toHaveCount(0);

  // No context, and no chat of a known visitor in this browser: nothing either.
  await mallory.goto("/chat?history=all");
  await expect(mallory.getByRole("alert").filter({ hasText: /when you.re signed in on our website/ })).toBeVisible();

  // Validly signed, but someone else: their own (empty) history, and not this conversation even by its SID.
  const someoneElse = contextFor("Mallory", "user-mallory");
  await mallory.goto(`/chat?history=all&context=${someoneElse}`);
  await expect(mallory.getByText("No earlier conversations yet.")).toBeVisible();
  const href = await page.getByRole("link", { name: /Frequency hopping\?/ }).getAttribute("href");
  const sid = new URL(href!, page.url()).searchParams.get("history")!;
  expect(sid).toMatch(/^CH[0-9a-f]{32}$/);
  await mallory.goto(`/chat?history=${sid}&context=${someoneElse}`);
  await expect(mallory.getByRole("alert").filter({ hasText: /isn.t one of yours/ })).toBeVisible();
  await expect(mallory.getByText("Frequency hopping?")).toHaveCount(0);
  const transcript = await mallory.request.get(`/transcript?conversation=${sid}&context=${someoneElse}`);
  expect(transcript.status()).toBe(404);
  expect(await transcript.text()).not.toContain("Frequency hopping?");

  // Expired: the same person's own context, once past its expiry, opens nothing.
  const expiring = signVisitorContext({ name }, E2E_CONTEXT_SECRET, 1, subject);
  await mallory.waitForTimeout(2_100);
  await mallory.goto(`/chat?history=all&context=${expiring}`);
  await expect(mallory.getByRole("alert").filter({ hasText: /it has expired or isn.t valid/ })).toBeVisible();
  await expect(mallory.getByText("Frequency hopping?")).toHaveCount(0);
  await stranger.close();
});
