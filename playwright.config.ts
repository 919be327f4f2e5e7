import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./scripts/lib/chromium.mjs";

/** A fresh file per run: specs seed long histories into it directly (SQLite allows a second writer). */
export const E2E_SANDBOX_DATABASE = ".data/e2e-sandbox.sqlite";

/** Test-only: the agent console's password (production builds require one). */
export const E2E_AGENT_PASSWORD = "e2e-agent-console-password";

/** Test-only: e2e specs seal their own cookies with it to test stale and foreign sessions. */
/** Shared with "the embedding site's server" in tests, to sign known visitors' details. */
export const E2E_CONTEXT_SECRET = "e2e-context-secret-0123456789abcdefghijkl";
export const E2E_SESSION_SECRET = "e2e-only-secret-0123456789abcdefghijklmnop";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const TWILIO_MODE_PORT = PORT + 1;
const PRISM_PORT = PORT + 910;
/** The Twilio stand-in (Prism behind a recording proxy, scripts/prism-twilio.mjs) that Twilio mode talks to. */
export const E2E_TWILIO_STAND_IN_URL = `http://127.0.0.1:${PRISM_PORT}`;
const EMBED_APP_PORT = PORT + 2;
const HOST_SITE_PORT = PORT + 3;
/** The app with embedding allowed for the host site below (its own database). */
export const E2E_EMBED_APP_URL = `http://127.0.0.1:${EMBED_APP_PORT}`;
/** A third-party site (another origin and another site: localhost, not 127.0.0.1) that embeds the chat. */
export const E2E_HOST_SITE_URL = `http://localhost:${HOST_SITE_PORT}`;
const baseURL = `http://127.0.0.1:${PORT}`;
/** The sandbox with SANDBOX_CLIENT=sdk: visitors run the real @twilio/conversations against its twilsock endpoint. */
const SDK_CLIENT_PORT = PORT + 4;
/** Its tokens last 200 s, so that Twilio's "about to expire" (3 minutes ahead) comes 20 s after each is minted. */
export const E2E_SDK_TOKEN_TTL = 200;

const launchOptions = chromiumLaunchOptions;

/**
 * Sandbox mode whatever the developer's shell holds: Twilio variables blank, not absent, so they cannot switch a
 * server to real Twilio. Shared by the sandbox servers here and the specs' own servers (e2e/own-server.ts).
 */
export const E2E_SANDBOX_ENV = {
  TWILIO_ACCOUNT_SID: "",
  TWILIO_API_KEY_SID: "",
  TWILIO_API_KEY_SECRET: "",
  TWILIO_CONVERSATIONS_SERVICE_SID: "",
  TWILIO_FLEX_ADDRESS_SID: "",
  TWILIO_TEST_API_ORIGIN: "",
  AGENT_CONSOLE_PASSWORD: E2E_AGENT_PASSWORD,
};

const common = {
  NEXT_TELEMETRY_DISABLED: "1",
  // Every test starts chats from 127.0.0.1; the limits themselves are unit-tested.
  CHAT_START_LIMIT_PER_IP: "10000/60",
  CHAT_START_LIMIT_GLOBAL: "10000/60",
  TRANSCRIPT_LIMIT_PER_IP: "10000/86400",
  SESSION_SECRET: E2E_SESSION_SECRET,
  TWILIO_TOKEN_TTL: "3600",
  // Most specs read "Agent"; the embed app runs the default (friendly: the agent's name), and its spec reads it.
  AGENT_NAMES: "generic",
};

export default defineConfig({
  testDir: "./e2e",
  // The app's paths, plus the "server-only" stub for the sandbox modules specs import (e2e/tsconfig.json).
  tsconfig: "./e2e/tsconfig.json",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "sandbox",
      testIgnore: /(twilio-mode|embed|sdk-client)\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      name: "twilio-mode",
      testMatch: /twilio-mode\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: `http://127.0.0.1:${TWILIO_MODE_PORT}` },
    },
    {
      name: "embed",
      testMatch: /embed\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: E2E_EMBED_APP_URL },
    },
    {
      // The visitor's journey again, word for word, with the real SDK in the browser instead of the SSE client: one
      // behaviour for both clients. Specs whose steps reach into the SSE client's own requests stay in "sandbox".
      name: "sdk",
      testMatch: /(chat-journey|attachments|attention|sdk-client)\.spec\.ts/,
      grep: /(chat live|two tabs|ends the chat|connection banner|attaches an image|sees Read|SDK)/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: `http://127.0.0.1:${SDK_CLIENT_PORT}` },
    },
  ],
  // Started in this order; Playwright waits for each before starting the next.
  webServer: [
    {
      // Prism serving Twilio's OpenAPI documents behind a recording proxy: Twilio's REST APIs in Twilio mode.
      command: `node scripts/prism-twilio.mjs ${PRISM_PORT}`,
      url: `${E2E_TWILIO_STAND_IN_URL}/__recorder/requests`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      // A production build in sandbox mode, on a fresh sandbox database.
      command: `rm -f ${E2E_SANDBOX_DATABASE}* && npm run build && npm run start -- -p ${PORT} -H 127.0.0.1`,
      url: baseURL,
      timeout: 180_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      env: {
        ...common,
        ...E2E_SANDBOX_ENV,
        SANDBOX_DATABASE: E2E_SANDBOX_DATABASE,
        PRE_ENGAGEMENT_CONTEXT_SECRET: E2E_CONTEXT_SECRET,
      },
    },
    {
      // The same build in Twilio mode, its REST calls answered by Prism; the spec keeps browsers off twilio.com.
      command: `npm run start -- -p ${TWILIO_MODE_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${TWILIO_MODE_PORT}`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      env: {
        ...common,
        TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
        TWILIO_API_KEY_SID: `SK${"b".repeat(32)}`,
        TWILIO_API_KEY_SECRET: "e2e-not-a-real-secret-0123456789",
        TWILIO_CONVERSATIONS_SERVICE_SID: `IS${"c".repeat(32)}`,
        TWILIO_FLEX_ADDRESS_SID: `IG${"d".repeat(32)}`,
        TWILIO_TEST_API_ORIGIN: `http://127.0.0.1:${PRISM_PORT}/`,
        PRE_ENGAGEMENT_CONTEXT_SECRET: E2E_CONTEXT_SECRET,
      },
    },
    {
      // The same build in sandbox mode with embedding allowed for the host site (third-party cookies and framing).
      command: `rm -f .data/e2e-embed.sqlite* && npm run start -- -p ${EMBED_APP_PORT} -H 127.0.0.1`,
      url: E2E_EMBED_APP_URL,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      env: {
        ...common,
        ...E2E_SANDBOX_ENV,
        SANDBOX_DATABASE: ".data/e2e-embed.sqlite",
        EMBED_ALLOWED_ORIGINS: E2E_HOST_SITE_URL,
        AGENT_NAMES: "",
      },
    },
    {
      // The same build on the sandbox, with visitors on the real Conversations SDK (SANDBOX_CLIENT=sdk).
      command: `rm -f .data/e2e-sdk.sqlite* && npm run start -- -p ${SDK_CLIENT_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${SDK_CLIENT_PORT}`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      env: {
        ...common,
        ...E2E_SANDBOX_ENV,
        SANDBOX_DATABASE: ".data/e2e-sdk.sqlite",
        SANDBOX_CLIENT: "sdk",
        TWILIO_TOKEN_TTL: String(E2E_SDK_TOKEN_TTL),
      },
    },
    {
      command: `node e2e/host-site.mjs ${HOST_SITE_PORT} ${E2E_EMBED_APP_URL}`,
      url: `http://127.0.0.1:${HOST_SITE_PORT}`,
      timeout: 10_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
