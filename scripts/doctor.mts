// `npm run doctor [-- --offline]`: checks this machine's configuration for a real Twilio deployment.
import nextEnv from "@next/env";
import twilio from "twilio";
import { diagnose, type TwilioProbe } from "../lib/doctor";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const probe: TwilioProbe = {
  async conversationsService(settings) {
    const client = twilio(settings.apiKeySid, settings.apiKeySecret, { accountSid: settings.accountSid });
    const service = await client.conversations.v1.services(settings.conversationsServiceSid).fetch();
    return { friendlyName: service.friendlyName };
  },
  async address(settings) {
    const client = twilio(settings.apiKeySid, settings.apiKeySecret, { accountSid: settings.accountSid });
    const address = await client.conversations.v1.addressConfigurations(settings.flexAddressSid).fetch();
    return { type: address.type, friendlyName: address.friendlyName };
  },
};

const offline = process.argv.includes("--offline");
const findings = await diagnose(process.env, offline ? undefined : probe);
const marks = { ok: "✓", warn: "!", error: "✗" } as const;
for (const finding of findings) console.log(`${marks[finding.level]} ${finding.text}`);
const errors = findings.filter((f) => f.level === "error").length;
console.log(errors ? `\n${errors} problem(s) to fix before deploying.` : "\nReady to deploy.");
process.exitCode = errors ? 1 : 0;
