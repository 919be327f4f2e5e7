import { test as base } from "@playwright/test";
import { AgentPage, VisitorPage, newAgentContext } from "./pages";

/** A visitor and an agent, each in a browser context of their own (two people, two cookie jars). */
export const test = base.extend<{ visitor: VisitorPage; agent: AgentPage }>({
  visitor: async ({ browser }, provide) => {
    const context = await browser.newContext();
    await provide(new VisitorPage(await context.newPage()));
    await context.close();
  },
  agent: async ({ browser }, provide) => {
    const context = await newAgentContext(browser);
    await provide(new AgentPage(await context.newPage()));
    await context.close();
  },
});

export { expect } from "@playwright/test";
