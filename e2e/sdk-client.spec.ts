import type { WebSocket } from "@playwright/test";
import { expect, test } from "./fixtures";
import { visitorName } from "./pages";
import { E2E_SDK_TOKEN_TTL } from "../playwright.config";

// Project "sdk" only (SANDBOX_CLIENT=sdk): what is particular to the real @twilio/conversations in the browser. The
// journey itself runs here too, from the same specs as the SSE client (playwright.config.ts).

/** The twilsock frames a page's socket sent, as text (binary frames; the header is JSON). */
function framesOf(socket: WebSocket) {
  const sent: string[] = [];
  socket.on("framesent", (frame) => sent.push(typeof frame.payload === "string" ? frame.payload : frame.payload.toString("utf8")));
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

test("the SDK renews its token over the socket before it expires, and the chat carries on", async ({ visitor, agent }) => {
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
