import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_AGENT_PASSWORD } from "../playwright.config";
import { ownServer } from "./own-server";
import { en } from "./catalog";
import { fillForm, formValues } from "./pages";

// Which forwarded headers the app believes is TRUST_PROXY's to say (server.mjs, lib/proxy-trust.mjs): by default
// none, so a client that writes its own X-Forwarded-For gains nothing by it.

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 80;

/** Starts a chat as a browser without JavaScript would, claiming `address` in X-Forwarded-For. */
async function startChat(request: APIRequestContext, base: string, address: string) {
  const page = await (await request.get(`${base}/chat`)).text();
  const multipart = formValues({ name: "Rotating", email: "", question: "One more chat?" });
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    multipart[name!] = (value ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  const response = await request.post(`${base}/chat`, {
    multipart,
    headers: { "x-forwarded-for": address },
    maxRedirects: 0,
  });
  const html = response.status() === 303 ? "" : await response.text();
  return { started: response.status() === 303, html };
}

const limits = {
  CHAT_START_LIMIT_PER_IP: "2/600",
  CHAT_START_LIMIT_GLOBAL: "1000/60",
  TRANSCRIPT_LIMIT_PER_IP: "1/86400",
};

test.describe("served directly (TRUST_PROXY unset)", () => {
  const server = ownServer(BASE_PORT, { SANDBOX_DATABASE: ":memory:", ...limits });
  test.beforeAll(() => server.start());
  test.afterAll(() => server.stop());

  test("rotating X-Forwarded-For does not buy more chats: the limit counts the connection's address", async ({
    playwright,
  }) => {
    const results = [];
    for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) {
      const request = await playwright.request.newContext();
      results.push(await startChat(request, server.base, address));
      await request.dispose();
    }
    expect(results.map((r) => r.started)).toEqual([true, true, false]);
    expect(results[2]!.html).toMatch(/started several chats in a short time/);
  });

  test("wrong console passwords are throttled by the connection's address, whatever it claims", async ({ request }) => {
    const basic = (password: string) => `Basic ${Buffer.from(`agent:${password}`).toString("base64")}`;
    for (let i = 0; i < 10; i++) {
      const wrong = await request.get(`${server.base}/agent`, {
        headers: { authorization: basic(`wrong-${i}`), "x-forwarded-for": `198.51.100.${i}` },
      });
      expect(wrong.status()).toBe(401);
    }
    const throttled = await request.get(`${server.base}/agent`, {
      headers: { authorization: basic(E2E_AGENT_PASSWORD) },
    });
    expect(throttled.status()).toBe(429);
    expect(Number(throttled.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await throttled.text()).toMatch(/Too many wrong passwords/);
  });

  test("/embed decides its own origin from the connection, not from X-Forwarded-Host", async ({ request }) => {
    const forged = await request.get(`${server.base}/embed?host=https://evil.example`, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    expect(await forged.text()).toContain("Chat unavailable here");
  });
});

test.describe("behind one proxy (TRUST_PROXY=1)", () => {
  const server = ownServer(BASE_PORT + 1, { SANDBOX_DATABASE: ":memory:", TRUST_PROXY: "1", ...limits });
  test.beforeAll(() => server.start());
  test.afterAll(() => server.stop());

  test("the address the proxy appended counts, not one the client wrote before it", async ({ playwright }) => {
    const results = [];
    // A client behind the proxy rotates what it writes; the proxy appends the same real address each time.
    for (const forged of ["6.6.6.1", "6.6.6.2", "6.6.6.3"]) {
      const request = await playwright.request.newContext();
      results.push(await startChat(request, server.base, `${forged}, 203.0.113.50`));
      await request.dispose();
    }
    expect(results.map((r) => r.started)).toEqual([true, true, false]);
    // Another real client is a client of its own.
    const other = await playwright.request.newContext();
    expect((await startChat(other, server.base, "203.0.113.51")).started).toBe(true);
    await other.dispose();
  });
});

test.describe("transcript requests behind one proxy (TRUST_PROXY=1)", () => {
  const server = ownServer(BASE_PORT + 2, { SANDBOX_DATABASE: ":memory:", TRUST_PROXY: "1", ...limits });
  test.beforeAll(() => server.start());
  test.afterAll(() => server.stop());

  test("one client asks for only its share of transcripts, whatever address it gives; the chat still starts without", async ({
    browser,
  }) => {
    const visit = async (address: string, email: string, tick: boolean) => {
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
      const page = await context.newPage();
      await page.goto(`${server.base}/chat`);
      await fillForm(page, { name: "Mailer", email, question: "A copy, please" });
      if (tick) await page.getByLabel(en.fields.transcript.label).check();
      await page.getByRole("button", { name: en.form.start }).click();
      return page;
    };
    const first = await visit("192.0.2.77", "victim+1@example.com", true);
    await expect(first.getByRole("log", { name: "Messages" }).getByText("A copy, please")).toBeVisible();
    const second = await visit("192.0.2.77", "victim+2@example.com", true);
    await expect(second.getByText(en.errors.transcriptsToday)).toBeVisible();
    await second.getByLabel(en.fields.transcript.label).uncheck();
    await second.getByRole("button", { name: en.form.start }).click();
    await expect(second.getByRole("log", { name: "Messages" }).getByText("A copy, please")).toBeVisible();
    const other = await visit("192.0.2.78", "someone@example.com", true);
    await expect(other.getByRole("log", { name: "Messages" }).getByText("A copy, please")).toBeVisible();
  });
});
