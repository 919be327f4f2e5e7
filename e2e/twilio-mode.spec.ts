import { expect, test } from "@playwright/test";
import { WebSocket } from "ws";
import { flexTask, flexTaskPage, recorder } from "../lib/testing/prism";
import { E2E_CONTEXT_SECRET, E2E_TWILIO_STAND_IN_URL } from "../playwright.config";
import { signVisitorContext } from "../lib/visitor-context";
import { askToEnd, fillForm, recordScripts } from "./pages";
import { en } from "./catalog";

// The app in Twilio mode, its REST calls answered by Prism from Twilio's own OpenAPI documents (see
// playwright.config.ts). Prism is stateless: the conversation it returns is the documents' example, whose messages
// include "I like pie." — which proves the page was built from Twilio's REST answers, not from the sandbox.

const twilioHosts: string[] = [];
const twilio = recorder(E2E_TWILIO_STAND_IN_URL);

test.beforeEach(async ({ context }) => {
  await twilio.reset();
  // The browser SDK tries to reach Twilio; no test may. Record and refuse every such attempt.
  await context.route(/twilio\.com/, (route) => {
    twilioHosts.push(new URL(route.request().url()).hostname);
    return route.abort("internetdisconnected");
  });
  await context.routeWebSocket(/twilio\.com/, (ws) => {
    twilioHosts.push(new URL(ws.url()).hostname);
    return ws.close();
  });
});

test("starting a chat creates the WebChat through Twilio's API and renders the history on the server", async ({
  page,
  context,
}) => {
  const scripts = recordScripts(page);
  await page.goto("/chat");
  await expect(page.getByText("Sandbox mode")).toHaveCount(0);
  // The form page's own scripts hold no SDK: it is a lazy chunk, fetched once the form is shown (and used after it).
  const formHtml = await (await context.request.get("/chat")).text();
  const own = [...formHtml.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
  expect(own.length).toBeGreaterThan(0);
  for (const src of own) expect(await (await context.request.get(src)).text()).not.toContain("TWILSOCK V3.0");
  // No SMTP server is configured here: the form promises no email copy.
  await expect(page.getByLabel("Email (optional)")).toBeVisible();
  await expect(page.getByLabel("Email me a copy of this conversation")).toHaveCount(0);
  await fillForm(page, { name: "Larry", question: "Where is my pie?" });
  await page.getByRole("button", { name: "Start chat" }).click();

  const log = page.getByRole("log", { name: "Messages" });
  await expect(log).toContainText("I like pie.");
  await expect(log).toContainText("Cake is my favorite!");

  // A reload gets the history in the first HTML, before any websocket could connect.
  const html = await (await context.request.get("/chat")).text();
  expect(html).toContain("I like pie.");
  expect(html).not.toContain("Sandbox mode");

  // The browser side is @twilio/conversations, loaded lazily: it tried to reach Twilio (and was refused here).
  await expect.poll(() => twilioHosts.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => scripts.filter((s) => s.sdk).length).toBe(1);
});

test("the agent console does not exist in Twilio mode, nor does the demo of both sides", async ({
  request,
  baseURL,
  page,
}) => {
  expect((await request.get("/agent")).status()).toBe(404);
  expect((await request.get("/demo")).status()).toBe(404);
  expect((await request.get("/demo/agent")).status()).toBe(404);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: en.landing.title })).toBeVisible();
  await expect(page.getByRole("link", { name: en.landing.bothSides })).toHaveCount(0);
  expect((await request.get("/agent/mail")).status()).toBe(404);
  // Nor does the transcript webhook, without mail configured.
  expect(
    (
      await request.post("/api/webhooks/conversations", {
        form: { EventType: "x" },
        headers: { "x-twilio-signature": "x" },
      })
    ).status(),
  ).toBe(404);
  expect((await request.get(`/agent/CH${"a".repeat(32)}`)).status()).toBe(404);
  const live = await request.get(`/api/sandbox/conversations/CH${"a".repeat(32)}/events`);
  expect(live.status()).toBe(404);
  // Nor the sandbox's websocket for the SDK: the upgrade is refused.
  const socket = new WebSocket(`${baseURL!.replace(/^http/, "ws")}/api/sandbox/twilsock`);
  const refused = await new Promise<number>((resolve) => {
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => resolve(101));
    socket.on("error", () => resolve(-1));
  });
  socket.terminate();
  expect(refused).toBe(404);
});

/** What the app sent to Twilio, as "METHOD host/path" with SIDs shortened. */
async function sent() {
  return (await twilio.requests()).map(
    (r) => `${r.method} ${r.host}${r.path.replace(/([A-Z]{2})[0-9a-f]{32}/g, "$1…")}`,
  );
}

test("the first message fires the address's webhooks, and End chat wraps the agent's task through Interactions", async ({
  page,
}) => {
  await page.goto("/chat");
  await fillForm(page, { name: "Ada", question: "Route me to an agent" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("log", { name: "Messages" })).toContainText("I like pie.");

  const requests = await twilio.requests();
  const first = requests.find((r) => r.method === "POST" && /\/Conversations\/CH[0-9a-f]{32}\/Messages$/.test(r.path));
  expect(first?.headers["x-twilio-webhook-enabled"]).toBe("true");
  expect(requests.every((r) => r.status < 400)).toBe(true);

  // Prism's example task carries no Flex attributes: answer the task search as Flex would for this chat.
  const conversationSid = /\/Conversations\/(CH[0-9a-f]{32})\/Messages$/.exec(first!.path)![1]!;
  await twilio.reset();
  // Its list answers attributes null, as TaskRouter documents; the single-task fetch carries them.
  const task = flexTask(conversationSid);
  await twilio.script({
    method: "GET",
    path: "^/taskrouter\\.twilio\\.com/v1/Workspaces/WS[0-9a-f]{32}/Tasks$",
    status: 200,
    body: flexTaskPage(conversationSid),
  });
  await twilio.script({
    method: "GET",
    path: `^/taskrouter\\.twilio\\.com/v1/Workspaces/WS[0-9a-f]{32}/Tasks/${task.sid}$`,
    status: 200,
    body: task,
  });
  await askToEnd(page);
  await page.getByRole("dialog", { name: "End this chat?" }).getByRole("button", { name: "Yes, end chat" }).click();
  await expect(page.getByRole("heading", { name: "This chat has ended" })).toBeVisible();
  const ending = await sent();
  expect(ending).toContain("POST flex-api.twilio.com/v1/Interactions/KD…/Channels/UO…/Participants/UT…");
  expect(ending.indexOf("POST flex-api.twilio.com/v1/Interactions/KD…/Channels/UO…/Participants/UT…")).toBeLessThan(
    ending.lastIndexOf("POST conversations.twilio.com/v1/Conversations/CH…"),
  );
  const update = (await twilio.requests()).find((r) => r.path.includes("/Participants/UT"));
  // wrapup: the agent's task goes to wrapping, not straight to completed.
  expect(new URLSearchParams(update!.body).get("Status")).toBe("wrapup");
});

test("a WebChats that timed out is not posted again: the visitor gets a sentence and one chat at most", async ({
  page,
}) => {
  await twilio.script({
    method: "POST",
    path: "^/flex-api\\.twilio\\.com/v2/WebChats$",
    status: 504,
    body: { code: 20504, message: "Gateway timeout", status: 504 },
  });
  await page.goto("/chat");
  await fillForm(page, { name: "Tim", question: "Hello?" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("status").filter({ hasText: /temporarily unavailable/ })).toBeVisible();
  expect((await sent()).filter((line) => line === "POST flex-api.twilio.com/v2/WebChats")).toHaveLength(1);
  await expect(page.getByLabel("Name")).toHaveValue("Tim");
});

/** A signed-in visitor, as the embedding site's server names them (their `sub` makes their identity). */
const adaContext = () => signVisitorContext({ name: "Ada" }, E2E_CONTEXT_SECRET, 600, "user-ada");

/** The next reads of an identity's conversations fail as Twilio does when unavailable (twice: one retry). */
function participantConversationsUnavailable() {
  return twilio.script({
    method: "GET",
    path: "^/conversations\\.twilio\\.com/v1/ParticipantConversations",
    status: 503,
    body: {
      code: 20503,
      message: "Service unavailable",
      status: 503,
      more_info: "https://www.twilio.com/docs/errors/20503",
    },
    times: 2,
  });
}

test("a known visitor's history is read from ParticipantConversations by their identity; a failed read says so", async ({
  page,
}) => {
  await page.goto(`/chat?history=all&context=${adaContext()}`);
  // Prism answers the document's first example, an empty page.
  await expect(page.getByText("No earlier conversations yet.")).toBeVisible();
  const read = (await twilio.requests()).filter(
    (r) => r.method === "GET" && r.host === "conversations.twilio.com" && r.path === "/v1/ParticipantConversations",
  );
  expect(read).toHaveLength(1);
  const query = new URLSearchParams(read[0]!.query);
  expect(query.get("Identity")).toMatch(/^known_[0-9a-f]{40}$/);
  expect(query.has("Address")).toBe(false);

  await participantConversationsUnavailable();
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: "could not be loaded right now" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to chat" })).toBeVisible();
});

test("a known visitor's start looks for their open chat first; when that read fails, no WebChat is made", async ({
  page,
}) => {
  await participantConversationsUnavailable();
  await page.goto(`/chat?context=${adaContext()}`);
  await fillForm(page, { question: "Still there?" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("status").filter({ hasText: /temporarily unavailable/ })).toBeVisible();
  await expect(page.getByLabel("How can we help?")).toHaveValue("Still there?");
  expect(await sent()).not.toContain("POST flex-api.twilio.com/v2/WebChats");
});
