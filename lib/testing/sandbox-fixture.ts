import twilio from "twilio";
import { afterEach, beforeEach } from "vitest";
import { Sandbox, type SandboxOptions } from "@/lib/sandbox/sandbox";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { SandboxStore } from "@/lib/sandbox/store";
import { FetchHttpClient, type Exchange } from "@/lib/twilio/fetch-http-client";
import { startWebChat, type TwilioContext } from "@/lib/twilio/webchat";

/**
 * A fresh in-memory sandbox and a real twilio client wired to it, recording every HTTP exchange. `fault` may answer
 * a request itself (a Twilio failure at the network's edge) before the sandbox sees it.
 */
export function createSandboxFixture({
  fault,
  options,
}: { fault?: (request: Request) => Promise<Response | null>; options?: SandboxOptions } = {}) {
  const sandbox = new Sandbox(new SandboxStore(":memory:"), options);
  const exchanges: Exchange[] = [];
  const settings = sandbox.credentials;
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    httpClient: new FetchHttpClient(
      async (request) => (fault ? await fault(request.clone()) : null) ?? handleRestRequest(sandbox, request),
      (e) => exchanges.push(e),
    ),
  });
  const ctx: TwilioContext = { client, settings };
  return { sandbox, ctx, exchanges, close: () => sandbox.close() };
}

export type SandboxFixture = ReturnType<typeof createSandboxFixture>;

/**
 * For a test file: before each test, a fresh sandbox with one web chat started in it (the visitor asking
 * `question`), closed after it. The returned object holds the current test's fixture and chat.
 */
export function sandboxWithChat(question: string) {
  const given = {} as { fixture: SandboxFixture; chat: { conversationSid: string; identity: string } };
  beforeEach(async () => {
    given.fixture = createSandboxFixture();
    given.chat = await startWebChat(given.fixture.ctx, { name: "Visitor", question });
  });
  afterEach(() => given.fixture.close());
  return given;
}
