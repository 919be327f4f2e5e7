// Shared by `npm run bench` and `npm run load`: a production build of the app in sandbox mode on a free loopback
// port, on a throwaway database, stopped (with its whole process group) when the script exits.
import { execSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const AGENT_PASSWORD = "script-agent-console-password";

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `env` overrides the script defaults (generous limits, so a load test measures the server, not the limiter). */
/** `nodeArgs` go to the server's node (`--cpu-prof`, say: the profile is written when the bench stops it). */
export async function startAppServer({ build, env: overrides = {}, nodeArgs = [] }) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (build) {
    console.log("Building (npm run build: embed.js, then next build)…");
    execSync("npm run build", { stdio: "ignore", env });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "webchat-"));
  const database = path.join(dir, "sandbox.sqlite");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...nodeArgs, "server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...env,
      SANDBOX_DATABASE: database,
      SESSION_SECRET: "script-only-secret-0123456789abcdefghijk",
      AGENT_CONSOLE_PASSWORD: AGENT_PASSWORD,
      CHAT_START_LIMIT_PER_IP: "100000/60",
      CHAT_START_LIMIT_GLOBAL: "100000/60",
      // Every simulated visitor connects from loopback: one address, hundreds of streams.
      MAX_CONNECTIONS_PER_IP: "100000",
      TWILIO_ACCOUNT_SID: "",
      ...overrides,
    },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  for (
    let i = 0;
    i < 150 &&
    !(await fetch(base).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  /** Resident memory of the server's whole process group, in MB. */
  const rss = () =>
    Number(execSync(`ps -o rss= -g ${server.pid} | awk '{s+=$1} END {print s}'`, { encoding: "utf8" })) / 1024;
  return { base, database, stop, rss };
}
