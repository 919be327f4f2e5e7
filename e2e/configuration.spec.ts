import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { E2E_SANDBOX_ENV, E2E_SESSION_SECRET } from "../playwright.config";

// A server that cannot work does not start: it names what is wrong and exits, rather than answering every page 500.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 90;

/** Starts the production build with `env` over a good configuration; resolves its exit code and what it printed. */
function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
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
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after 20 s:\n${output}`));
    }, 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a malformed variable stops the server at start, named in a sentence", async () => {
  const { code, output } = await startWith({ AGENT_CONSOLE_PASSWORD: "short" });
  expect(code).toBe(1);
  expect(output).toContain("AGENT_CONSOLE_PASSWORD must be at least 12 characters");
  expect(output).not.toContain("Ready on");
});

test("an unreadable TRUST_PROXY stops the server before it listens", async () => {
  const { code, output } = await startWith({ TRUST_PROXY: "sometimes" });
  expect(code).toBe(1);
  expect(output).toMatch(/Invalid configuration:\n {2}- .*TRUST_PROXY/);
});
