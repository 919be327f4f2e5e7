import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { Sandbox } from "../lib/sandbox/sandbox";
import { SandboxStore } from "../lib/sandbox/store";
import { E2E_AGENT_PASSWORD, E2E_SESSION_SECRET } from "../playwright.config";
import { expect, test } from "./fixtures";
import { VisitorPage, visitorName } from "./pages";

// A server of this test's own (same build, its own database file), so it can be stopped and started again.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const BASE = `http://127.0.0.1:${PORT}`;
const DATABASE = ".data/e2e-restart.sqlite";

function startServer(): ChildProcess {
  return spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: E2E_SESSION_SECRET,
      AGENT_CONSOLE_PASSWORD: E2E_AGENT_PASSWORD,
      SANDBOX_DATABASE: DATABASE,
      CHAT_START_LIMIT_PER_IP: "10000/60",
      TWILIO_ACCOUNT_SID: "",
      TWILIO_API_KEY_SID: "",
      TWILIO_API_KEY_SECRET: "",
      TWILIO_CONVERSATIONS_SERVICE_SID: "",
      TWILIO_FLEX_ADDRESS_SID: "",
    },
    stdio: "ignore",
    detached: true,
  });
}

async function waitUntilUp() {
  for (let i = 0; i < 100; i++) {
    if (await fetch(BASE).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the server did not start");
}

function stop(server: ChildProcess) {
  try {
    process.kill(-server.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

test("a server restart mid-conversation: the page reconnects by itself and loses or repeats nothing", async ({ browser }) => {
  test.setTimeout(90_000);
  rmSync(DATABASE, { force: true });
  rmSync(`${DATABASE}-wal`, { force: true });
  rmSync(`${DATABASE}-shm`, { force: true });
  let server = startServer();
  try {
    await waitUntilUp();
    const context = await browser.newContext({ baseURL: BASE });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.startChat({ name: visitorName("Restart"), question: "Before the restart" });
    await visitor.send("Also before");

    stop(server);
    await expect(visitor.page.getByText("Connection lost. Reconnecting…")).toBeVisible();

    // While the server is down, the agent's reply lands in the sandbox's database (as another instance would).
    const store = new SandboxStore(DATABASE);
    const sandbox = new Sandbox(store);
    const [conversation] = store.listConversations("active", 0, 1);
    sandbox.postMessage(conversation!.sid, { author: "sandbox-agent", body: "Written while you were away" });
    store.close();

    server = startServer();
    await waitUntilUp();
    await expect(visitor.page.getByText("You're back online.")).toBeVisible({ timeout: 20_000 });
    await expect(visitor.log.getByText("Written while you were away")).toHaveCount(1);
    await visitor.send("After the restart");
    await visitor.page.reload();
    for (const text of ["Before the restart", "Also before", "Written while you were away", "After the restart"]) {
      await expect(visitor.log.getByText(text, { exact: true })).toHaveCount(1);
    }
    await context.close();
  } finally {
    stop(server);
  }
});
