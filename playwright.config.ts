import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/** Test-only: e2e specs seal their own cookies with it to test stale and foreign sessions. */
export const E2E_SESSION_SECRET = "e2e-only-secret-0123456789abcdefghijklmnop";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

// Debian's chromium when present (this project's CI installs it), or a browser named by env; otherwise
// Playwright's own downloaded browser, for machines that have one.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
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
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // A production build in sandbox mode, on a fresh in-memory sandbox.
    command: `npm run build && npm run start -- -p ${PORT} -H 127.0.0.1`,
    url: baseURL,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: E2E_SESSION_SECRET,
      SANDBOX_DATABASE: ":memory:",
      TWILIO_TOKEN_TTL: "3600",
      // Blank, not absent: Twilio variables in the developer's shell must not switch the suite to real Twilio.
      TWILIO_ACCOUNT_SID: "",
      TWILIO_API_KEY_SID: "",
      TWILIO_API_KEY_SECRET: "",
      TWILIO_CONVERSATIONS_SERVICE_SID: "",
      TWILIO_FLEX_ADDRESS_SID: "",
    },
  },
});
