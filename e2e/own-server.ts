import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { Sandbox } from "../lib/sandbox/sandbox";
import { SandboxStore } from "../lib/sandbox/store";
import { expect } from "./fixtures";
import type { VisitorPage } from "./pages";
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
        if (
          await fetch(base).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
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

/** A sandbox database file removed, with SQLite's write-ahead files, for a server that starts afresh. */
export function freshDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

/** While the server is down, the agent's reply lands in the sandbox's database (as another instance would write it). */
export function writeWhileAway(database: string) {
  const store = new SandboxStore(database);
  const sandbox = new Sandbox(store);
  const [conversation] = store.listConversations("active", 0, 1);
  sandbox.postMessage(
    conversation!.sid,
    { author: "sandbox-agent", body: "Written while you were away" },
    { webhooks: false },
  );
  sandbox.close();
}

/** After the restart: a message sent, the page reloaded, and every message of the chat there exactly once. */
export async function expectEachMessageOnce(visitor: VisitorPage) {
  await visitor.send("After the restart");
  await visitor.page.reload();
  for (const text of ["Before the restart", "Also before", "Written while you were away", "After the restart"]) {
    await expect(visitor.log.getByText(text, { exact: true })).toHaveCount(1);
  }
}
