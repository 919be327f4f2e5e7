import twilio from "twilio";
import { FAKE_TWILIO_SETTINGS } from "@/lib/testing/fake-settings";
import { translator } from "@/lib/testing/translate";
import { describe, expect, it } from "vitest";
import { describeTwilioError, retryOnce } from "@/lib/twilio/errors";
import { FetchHttpClient } from "@/lib/twilio/fetch-http-client";
import { WebChatStartFailed, startWebChat, type TwilioContext } from "@/lib/twilio/webchat";

/** A real twilio client whose HTTP layer answers from a script: the outermost edge, faked. */
function scriptedTwilio(answers: (() => Response)[]) {
  const calls: string[] = [];
  const bodies: string[] = [];
  const settings = FAKE_TWILIO_SETTINGS;
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    httpClient: new FetchHttpClient(async (request) => {
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      bodies.push(await request.text());
      const next = answers.shift();
      if (!next) throw new Error("unexpected request");
      return next();
    }),
  });
  const ctx: TwilioContext = { client, settings };
  return { ctx, calls, bodies };
}

const twilioError = (status: number, code: number) => () =>
  Response.json({ status, code, message: "x", more_info: "https://www.twilio.com/docs/errors" }, { status });

describe("Twilio failures", () => {
  it.each([
    [401, 20003, /configuration problem/, "unauthorized"],
    [404, 20404, /couldn't find that conversation/, "not_found"],
    [429, 20429, /lot of chats right now/, "rate_limited"],
    [503, 20500, /temporarily unavailable/, "unavailable"],
    [400, 21601, /problem on our side/, "rejected_21601"],
  ])("maps HTTP %i (code %i) to a sentence and a logged code", async (status, code, sentence, suffix) => {
    const { ctx } = scriptedTwilio([twilioError(status, code), twilioError(status, code)]);
    const error = await startWebChat(ctx, { name: "A", question: "q" }).catch((e: unknown) => e);
    const failure = describeTwilioError(error, "webchat_create");
    const message = translator("en")(failure.messageKey);
    expect(message).toMatch(sentence);
    expect(failure.code).toBe(`twilio:webchat_create:${suffix}`);
    expect(message).not.toMatch(/x|Twilio/);
  });

  it("never re-posts a WebChats that answered 5xx: Twilio may have created it, and a second would be an orphan", async () => {
    const { ctx, calls } = scriptedTwilio([twilioError(503, 20500)]);
    await expect(startWebChat(ctx, { name: "A", question: "q" })).rejects.toMatchObject({ status: 503 });
    expect(calls).toEqual(["POST /v2/WebChats"]);
    const refused = scriptedTwilio([twilioError(400, 20001)]);
    await expect(startWebChat(refused.ctx, { name: "A", question: "q" })).rejects.toMatchObject({ status: 400 });
    expect(refused.calls).toHaveLength(1);
  });

  it("never re-posts the first message either, and ends the chat it made (Flex side, then conversation)", async () => {
    const sid = `CH${"1".repeat(32)}`;
    const workspace = `WS${"1".repeat(32)}`;
    const { ctx, calls, bodies } = scriptedTwilio([
      () => Response.json({ conversation_sid: sid, identity: "guest_1" }, { status: 201 }),
      twilioError(502, 20500),
      // The message may have reached Flex although its answer was lost: End chat's lookup runs (no task found here).
      () => Response.json({ taskrouter_workspace_sid: workspace }, { status: 200 }),
      () =>
        Response.json(
          { tasks: [], meta: { key: "tasks", page: 0, page_size: 20, next_page_url: null } },
          { status: 200 },
        ),
      () => Response.json({ sid, state: "closed" }, { status: 200 }),
    ]);
    const error = await startWebChat(ctx, { name: "A", question: "q" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebChatStartFailed);
    expect((error as WebChatStartFailed).cause).toMatchObject({ status: 502 });
    expect(calls).toEqual([
      "POST /v2/WebChats",
      `POST /v1/Conversations/${sid}/Messages`,
      "GET /v1/Configuration",
      `GET /v1/Workspaces/${workspace}/Tasks`,
      `POST /v1/Conversations/${sid}`,
    ]);
    expect(new URLSearchParams(bodies[4]).get("State")).toBe("closed");
  });

  it("retries a network failure once", async () => {
    let attempts = 0;
    const result = await retryOnce(async () => {
      attempts++;
      if (attempts === 1) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return "ok";
    }, 1);
    expect(result).toBe("ok");
    expect(attempts).toBe(2);
  });

  it("sends the returning visitor's identity with the WebChat", async () => {
    const { ctx, bodies } = scriptedTwilio([
      () => Response.json({ conversation_sid: `CH${"2".repeat(32)}`, identity: "guest_known" }, { status: 201 }),
      () => Response.json({ sid: `IM${"2".repeat(32)}`, index: 0 }, { status: 201 }),
    ]);
    await startWebChat(ctx, { name: "A", question: "q" }, "guest_known");
    expect(new URLSearchParams(bodies[0]).get("Identity")).toBe("guest_known");
  });
});
