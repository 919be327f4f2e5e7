import type { WebSocket } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectEachMessageOnce, freshDatabase, ownServer, writeWhileAway } from "./own-server";
import { VisitorPage, visitorName } from "./pages";
import { E2E_SDK_TOKEN_TTL } from "../playwright.config";

// Project "sdk" only (SANDBOX_CLIENT=sdk): what is particular to the real @twilio/conversations in the browser. The
// journey itself runs here too, from the same specs as the SSE client (playwright.config.ts).

/** The twilsock frames a page's socket sent, as text (binary frames; the header is JSON). */
function framesOf(socket: WebSocket) {
  const sent: string[] = [];
  socket.on("framesent", (frame) =>
    sent.push(typeof frame.payload === "string" ? frame.payload : frame.payload.toString("utf8")),
  );
  return sent;
}

test("the SDK talks to the sandbox over its websocket, in Twilio's protocol, and never uses the SSE client's stream", async ({
  visitor,
  agent,
}) => {
  const sockets: WebSocket[] = [];
  const sseRequests: string[] = [];
  visitor.page.on("websocket", (socket) => sockets.push(socket));
  visitor.page.on("request", (request) => {
    if (/\/api\/sandbox\/conversations\//.test(request.url())) sseRequests.push(request.url());
  });
  const name = visitorName("Sdk");
  await visitor.startChat({ name, question: "Over the real SDK?" });
  await expect.poll(() => sockets.map((s) => new URL(s.url()).pathname)).toContain("/api/sandbox/twilsock");
  await agent.openConversationWith(name);
  await agent.send("Yes, over the real SDK.");
  await expect(visitor.log).toContainText("Yes, over the real SDK.");
  expect(sseRequests).toEqual([]);
});

test("the SDK renews its token over the socket before it expires, and the chat carries on", async ({
  visitor,
  agent,
}) => {
  test.setTimeout(60_000);
  let sent: string[] = [];
  visitor.page.on("websocket", (socket) => {
    if (socket.url().endsWith("/api/sandbox/twilsock")) sent = framesOf(socket);
  });
  const name = visitorName("Renew");
  await visitor.startChat({ name, question: "A long chat" });
  // Tokens last E2E_SDK_TOKEN_TTL seconds here; the sandbox says "about to expire" 3 minutes ahead, as Twilio does.
  await expect
    .poll(() => sent.some((frame) => frame.startsWith("TWILSOCK V3.0") && frame.includes('"method":"update"')), {
      timeout: (E2E_SDK_TOKEN_TTL - 180 + 15) * 1000,
    })
    .toBe(true);
  await agent.openConversationWith(name);
  await visitor.send("Still here after the new token");
  await expect(agent.log).toContainText("Still here after the new token");
});

const PORT = Number(process.env.E2E_PORT ?? 3100);

test("with the SDK, a server restart mid-conversation: it reconnects by itself and replays what it missed, once", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const database = ".data/e2e-sdk-restart.sqlite";
  freshDatabase(database);
  const server = ownServer(PORT + 85, { SANDBOX_DATABASE: database, SANDBOX_CLIENT: "sdk" });
  try {
    await server.start();
    const context = await browser.newContext({ baseURL: server.base });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.startChat({ name: visitorName("Restart"), question: "Before the restart" });
    // The SDK is up (its first snapshot is in) and the send went through before the server goes down.
    await expect(visitor.page.getByText("Waiting for an agent to join…")).toBeVisible({ timeout: 15_000 });
    await visitor.send("Also before");
    await expect(visitor.log.getByText("Sending…")).toHaveCount(0, { timeout: 15_000 });

    server.stop();
    await expect(visitor.page.getByText("Connection lost. Reconnecting…")).toBeVisible({ timeout: 15_000 });
    // While the server is down, the agent's reply lands in the sandbox's database (as another instance would).
    writeWhileAway(database);

    await server.start();
    // The SDK retries with a growing backoff (1 s up to 2 min, twilsock's policy): the next attempt may be a while.
    await expect(visitor.log.getByText("Written while you were away")).toHaveCount(1, { timeout: 75_000 });
    await expectEachMessageOnce(visitor);
    await context.close();
  } finally {
    server.stop();
  }
});

test("with the SDK, the closed timer ends an idle chat and the page says so", async ({ browser }) => {
  test.setTimeout(60_000);
  const database = ".data/e2e-sdk-timer.sqlite";
  freshDatabase(database);
  // Timers 60 times faster: closed after 10 idle seconds.
  const server = ownServer(PORT + 86, {
    SANDBOX_DATABASE: database,
    SANDBOX_CLIENT: "sdk",
    SANDBOX_CLOCK_SPEED: "60",
    CHAT_INACTIVE_AFTER: "PT5M",
    CHAT_CLOSED_AFTER: "PT10M",
  });
  try {
    await server.start();
    const context = await browser.newContext({ baseURL: server.base });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.startChat({ name: visitorName("Idle"), question: "Back in a while" });
    await expect(visitor.page.getByRole("heading", { name: "This chat has ended" })).toBeVisible({ timeout: 25_000 });
    await expect(visitor.composer).toBeHidden();
    await context.close();
  } finally {
    server.stop();
  }
});
