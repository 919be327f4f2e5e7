import { spawn, type ChildProcess } from "node:child_process";
import { E2E_SANDBOX_ENV, E2E_SESSION_SECRET } from "../playwright.config";

/**
 * A server of one spec's own, from the same production build, in sandbox mode with the given extra settings: for
 * tests that stop it (restart) or need a configuration the shared servers must not have (operating hours).
 */
export function ownServer(port: number, env: Record<string, string>) {
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  return {
    base,
    async start() {
      child = spawn(process.execPath, ["server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
        env: {
          ...process.env,
          NEXT_TELEMETRY_DISABLED: "1",
          SESSION_SECRET: E2E_SESSION_SECRET,
          CHAT_START_LIMIT_PER_IP: "10000/60",
          ...E2E_SANDBOX_ENV,
          ...env,
        },
        stdio: "ignore",
        detached: true,
      });
      for (let i = 0; i < 100; i++) {
        if (await fetch(base).then((r) => r.ok, () => false)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the server on port ${port} did not start`);
    },
    /** Kills the whole process group at once, as a crash would. */
    stop() {
      try {
        if (child?.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      child = null;
    },
  };
}
