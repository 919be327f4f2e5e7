import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_SANDBOX_ENV, E2E_SESSION_SECRET } from "../playwright.config";

// A server that cannot work does not start: it names what is wrong and exits, rather than answering every page 500.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 90;

/** Runs the production build by `command` with `env` over a good configuration, collecting what it prints. */
function launch(command: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, command, {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: E2E_SESSION_SECRET,
      ...E2E_SANDBOX_ENV,
      SANDBOX_DATABASE: ":memory:",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const printed = { output: "" };
  child.stdout.on("data", (chunk) => (printed.output += chunk));
  child.stderr.on("data", (chunk) => (printed.output += chunk));
  return { child, printed };
}

/** Starts `npm start`'s server with `env`; resolves its exit code and what it printed. */
function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const { child, printed } = launch(["server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], env);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after 20 s:\n${printed.output}`));
    }, 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: printed.output });
    });
  });
}

test("a malformed variable stops the server at start, named in a sentence", async () => {
  const { code, output } = await startWith({ AGENT_CONSOLE_PASSWORD: "short" });
  expect(code).toBe(1);
  expect(output).toContain("AGENT_CONSOLE_PASSWORD must be at least 12 characters");
  expect(output).not.toContain("Ready on");
});

test("an exported Studio flow with a widget outside the sandbox's subset stops the server, naming the widget", async () => {
  const flow = JSON.parse(readFileSync("docs/studio/menu-flow.json", "utf8")) as { states: object[] };
  flow.states.push({ name: "lookup_order", type: "run-function", transitions: [], properties: {} });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "flow-")), "exported-flow.json");
  writeFileSync(file, JSON.stringify(flow));
  const { code, output } = await startWith({ SANDBOX_STUDIO_FLOW: file });
  expect(code).toBe(1);
  expect(output).toContain(
    `SANDBOX_STUDIO_FLOW (${file}): widget "lookup_order" is a "run-function", which the sandbox's Studio does not run`,
  );
  expect(output).not.toContain("Ready on");
});

test("an unreadable TRUST_PROXY stops the server before it listens", async () => {
  const { code, output } = await startWith({ TRUST_PROXY: "sometimes" });
  expect(code).toBe(1);
  expect(output).toMatch(/Invalid configuration:\n {2}- .*TRUST_PROXY/);
});

test("a Twilio region where Flex does not run stops the server at start, naming TWILIO_REGION", async () => {
  const { code, output } = await startWith({
    TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
    TWILIO_API_KEY_SID: `SK${"b".repeat(32)}`,
    TWILIO_API_KEY_SECRET: "s".repeat(32),
    TWILIO_CONVERSATIONS_SERVICE_SID: `IS${"c".repeat(32)}`,
    TWILIO_FLEX_ADDRESS_SID: `IG${"d".repeat(32)}`,
    TWILIO_REGION: "ie1",
  });
  expect(code).toBe(1);
  expect(output).toContain('TWILIO_REGION must be "us1" or left empty: Twilio offers Flex in the US1 region only');
});

test("next start, without server.mjs, says at start what it turns off, and serves the chat on what it can", async () => {
  const { child, printed } = launch(
    ["node_modules/next/dist/bin/next", "start", "-p", String(PORT + 1), "-H", "127.0.0.1"],
    {
      SANDBOX_CLIENT: "sdk",
      WEBCHAT_SERVER: "",
      WEBCHAT_SELF_ORIGIN: "",
    },
  );
  const output = () => printed.output;
  try {
    await expect.poll(output, { timeout: 30_000 }).toContain("SANDBOX_CLIENT=sdk needs the SDK's websocket");
    expect(output()).toContain("runs without server.mjs (next start, or Next's standalone server)");
    expect(output()).toContain("Transcript emails are off");
    // The chat still works, on the sandbox's own client rather than the SDK and a websocket nobody serves.
    const page = await fetch(`http://127.0.0.1:${PORT + 1}/chat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/backend\\?":\\?"sandbox/);
  } finally {
    child.kill("SIGKILL");
  }
});
