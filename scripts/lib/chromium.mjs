// How every browser of this project's scripts and tests is launched: Debian's chromium when present (this project's
// CI installs it), or a browser named by PLAYWRIGHT_CHROMIUM_PATH; otherwise Playwright's own downloaded browser,
// for machines that have one. The flags keep a headless Chromium off the network and quiet in containers.
import { existsSync } from "node:fs";

export const chromiumLaunchOptions = {
  executablePath:
    process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
