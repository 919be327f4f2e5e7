import { afterEach, describe, expect, it, vi } from "vitest";
import { SandboxConnection } from "@/lib/chat/sandbox-connection";

const message = {
  sid: `IM${"1".repeat(32)}`,
  index: 1,
  author: "guest",
  body: "Hi",
  attributes: "{}",
  media: null,
  date_created: "2026-12-07T10:00:00Z",
};

afterEach(() => vi.unstubAllGlobals());

describe("SandboxConnection", () => {
  it("sends a message only once a typing notice still on its way has landed, so the notice cannot arrive after it", async () => {
    const order: string[] = [];
    let landTyping: () => void = () => {};
    vi.stubGlobal("fetch", (url: string) => {
      const action = url.split("/").at(-1)!;
      order.push(`${action} sent`);
      if (action === "typing") {
        return new Promise<Response>((resolve) => {
          landTyping = () => {
            order.push("typing landed");
            resolve(new Response(null, { status: 204 }));
          };
        });
      }
      return Promise.resolve(Response.json(message, { status: 201 }));
    });
    const connection = new SandboxConnection({ conversationSid: `CH${"1".repeat(32)}`, identity: "guest", token: "t" });
    connection.typing();
    const sent = connection.sendMessage("Hi");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["typing sent"]);
    landTyping();
    await sent;
    expect(order).toEqual(["typing sent", "typing landed", "messages sent"]);
    // With no notice on its way, a message leaves at once.
    order.length = 0;
    await connection.sendMessage("Again");
    expect(order).toEqual(["messages sent"]);
  });
});
