import { expect, test } from "./fixtures";
import { expectEachMessageOnce, freshDatabase, ownServer, writeWhileAway } from "./own-server";
import { VisitorPage, visitorName } from "./pages";

// A server of this test's own (same build, its own database file), so it can be stopped and started again.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const DATABASE = ".data/e2e-restart.sqlite";

const server = ownServer(PORT, { SANDBOX_DATABASE: DATABASE });

test("a server restart mid-conversation: the page reconnects by itself and loses or repeats nothing", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  freshDatabase(DATABASE);
  try {
    await server.start();
    const context = await browser.newContext({ baseURL: server.base });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.startChat({ name: visitorName("Restart"), question: "Before the restart" });
    await visitor.send("Also before");

    server.stop();
    await expect(visitor.page.getByText("Connection lost. Reconnecting…")).toBeVisible();

    // While the server is down, the agent's reply lands in the sandbox's database (as another instance would).
    writeWhileAway(DATABASE);

    await server.start();
    await expect(visitor.page.getByText("You're back online.")).toBeVisible({ timeout: 20_000 });
    await expect(visitor.log.getByText("Written while you were away")).toHaveCount(1);
    await expectEachMessageOnce(visitor);
    await context.close();
  } finally {
    server.stop();
  }
});
