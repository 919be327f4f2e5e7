import { rmSync } from "node:fs";
import { Sandbox } from "../lib/sandbox/sandbox";
import { SandboxStore } from "../lib/sandbox/store";
import { expect, test } from "./fixtures";
import { ownServer } from "./own-server";
import { VisitorPage, visitorName } from "./pages";

// A server of this test's own (same build, its own database file), so it can be stopped and started again.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const DATABASE = ".data/e2e-restart.sqlite";

const server = ownServer(PORT, { SANDBOX_DATABASE: DATABASE });

test("a server restart mid-conversation: the page reconnects by itself and loses or repeats nothing", async ({ browser }) => {
  test.setTimeout(90_000);
  rmSync(DATABASE, { force: true });
  rmSync(`${DATABASE}-wal`, { force: true });
  rmSync(`${DATABASE}-shm`, { force: true });
  try {
    await server.start();
    const context = await browser.newContext({ baseURL: server.base });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.startChat({ name: visitorName("Restart"), question: "Before the restart" });
    await visitor.send("Also before");

    server.stop();
    await expect(visitor.page.getByText("Connection lost. Reconnecting…")).toBeVisible();

    // While the server is down, the agent's reply lands in the sandbox's database (as another instance would).
    const store = new SandboxStore(DATABASE);
    const sandbox = new Sandbox(store);
    const [conversation] = store.listConversations("active", 0, 1);
    sandbox.postMessage(conversation!.sid, { author: "sandbox-agent", body: "Written while you were away" }, { webhooks: false });
    sandbox.close();

    await server.start();
    await expect(visitor.page.getByText("You're back online.")).toBeVisible({ timeout: 20_000 });
    await expect(visitor.log.getByText("Written while you were away")).toHaveCount(1);
    await visitor.send("After the restart");
    await visitor.page.reload();
    for (const text of ["Before the restart", "Also before", "Written while you were away", "After the restart"]) {
      await expect(visitor.log.getByText(text, { exact: true })).toHaveCount(1);
    }
    await context.close();
  } finally {
    server.stop();
  }
});
