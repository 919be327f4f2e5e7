import twilio from "twilio";
import { Sandbox } from "@/lib/sandbox/sandbox";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { SandboxStore } from "@/lib/sandbox/store";
import { FetchHttpClient, type Exchange } from "@/lib/twilio/fetch-http-client";
import type { TwilioContext } from "@/lib/twilio/webchat";

/** A fresh in-memory sandbox and a real twilio client wired to it, recording every HTTP exchange. */
export function createSandboxFixture() {
  const sandbox = new Sandbox(new SandboxStore(":memory:"));
  const exchanges: Exchange[] = [];
  const settings = sandbox.credentials;
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    httpClient: new FetchHttpClient((request) => handleRestRequest(sandbox, request), (e) => exchanges.push(e)),
  });
  const ctx: TwilioContext = { client, settings };
  return { sandbox, ctx, exchanges, close: () => sandbox.close() };
}
