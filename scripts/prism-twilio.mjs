// Serves Prism's mock of Twilio's Flex v2 and Conversations v1 OpenAPI documents on one loopback port, for tests.
// Usage: node scripts/prism-twilio.mjs [port]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const port = process.argv[2] ?? "4010";
const here = path.dirname(fileURLToPath(import.meta.url));
const specs = ["twilio_flex_v2.json", "twilio_conversations_v1.webchat-subset.json"].map((file) =>
  JSON.parse(readFileSync(path.join(here, "../lib/testing/twilio-oai", file), "utf8")),
);

// One document with both APIs: their paths (/v2/…, /v1/…) and component names do not overlap.
const [flex, conversations] = specs;
const merged = {
  ...conversations,
  servers: [{ url: "http://127.0.0.1" }],
  paths: { ...flex.paths, ...conversations.paths },
  components: {
    ...conversations.components,
    schemas: { ...flex.components.schemas, ...conversations.components.schemas },
  },
};
for (const item of Object.values(merged.paths)) delete item.servers;
const file = path.join(mkdtempSync(path.join(tmpdir(), "prism-")), "twilio.json");
writeFileSync(file, JSON.stringify(merged));

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist/index.js");
const child = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", port, file], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
