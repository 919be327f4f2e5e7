// `npm run doctor [-- --offline]`: checks this machine's configuration for a real Twilio deployment.
import nextEnv from "@next/env";
import twilio from "twilio";
import { diagnose, twilioProbe } from "../lib/doctor";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

/** Notes each host a request goes to, after the twilio package applied the region and edge to it. */
class HostRecorder extends twilio.RequestClient {
  readonly hosts = new Set<string>();
  override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0] & { data?: TData }) {
    this.hosts.add(new URL(opts.uri).host);
    return super.request(opts);
  }
}
const recorder = new HostRecorder();

// The same client options as the app: region and edge reach every API.
const probe = twilioProbe(
  (settings) =>
    twilio(settings.apiKeySid, settings.apiKeySecret, {
      accountSid: settings.accountSid,
      region: settings.region,
      edge: settings.edge,
      httpClient: recorder,
    }),
  () => [...recorder.hosts],
);

const offline = process.argv.includes("--offline");
const findings = await diagnose(process.env, offline ? undefined : probe);
const marks = { ok: "✓", warn: "!", error: "✗" } as const;
for (const finding of findings) console.log(`${marks[finding.level]} ${finding.text}`);
const errors = findings.filter((f) => f.level === "error").length;
console.log(
  errors ? `\n${errors === 1 ? "One problem" : `${errors} problems`} to fix before deploying.` : "\nReady to deploy.",
);
process.exitCode = errors ? 1 : 0;
