import "server-only";
import twilio from "twilio";
import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { FetchHttpClient } from "@/lib/twilio/fetch-http-client";
import { RewriteHttpClient } from "@/lib/twilio/rewrite-http-client";
import type { TwilioContext } from "@/lib/twilio/webchat";

let cached: TwilioContext | undefined;

/**
 * The one Twilio client of the server. With Twilio variables set it talks to Twilio; otherwise the same client,
 * with the sandbox's own credentials, hands every request to the embedded sandbox instead of the network.
 */
export function getTwilio(): TwilioContext {
  if (cached) return cached;
  const env = getEnv();
  if (env.mode === "twilio") {
    const settings = env.twilio;
    const options = {
      accountSid: settings.accountSid,
      region: settings.region,
      edge: settings.edge,
      httpClient: settings.testApiOrigin ? new RewriteHttpClient(settings.testApiOrigin) : undefined,
    };
    cached = {
      settings,
      client: twilio(settings.apiKeySid, settings.apiKeySecret, options),
      flexClient: settings.authToken ? twilio(settings.accountSid, settings.authToken, options) : undefined,
    };
  } else {
    const sandbox = getSandbox();
    const settings = sandbox.credentials;
    cached = {
      settings,
      client: twilio(settings.apiKeySid, settings.apiKeySecret, {
        accountSid: settings.accountSid,
        httpClient: new FetchHttpClient((request) => handleRestRequest(sandbox, request)),
      }),
    };
  }
  return cached;
}
