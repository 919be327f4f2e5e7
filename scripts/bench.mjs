// `npm run bench`: builds the app, runs it in sandbox mode on loopback and prints speed and size figures, each with
// its target and whether it is met. Everything is bounded (fixed counts, timeouts) and stops by itself. One script
// on purpose: each figure beside its measurement and its target; what it shares with `npm run load` is in scripts/lib/.
//   --no-build      use the existing .next build
//   --profile       also profile the server through the chat-start run (node --cpu-prof) and say where time went
// Twilio's own web chat (twilio/twilio-webchat-react-app) is measured side by side when its production build is at
// BENCH_ANCHOR_BUILD (default ../twilio-webchat-react-app/build): see docs/performance.md.
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./lib/chromium.mjs";
import { execSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { AGENT_PASSWORD, freePort, startAppServer } from "./lib/app-server.mjs";
import { summarize } from "./lib/cpu-profile.mjs";
import { runLoad } from "./lib/load-test.mjs";
import { startChatWithJs } from "./lib/no-js-client.mjs";
import { ANCHOR_LAUNCHER, OUR_LAUNCHER, openOnce } from "./lib/open-timing.mjs";
import { startHostPage, startStaticSite } from "./lib/static-site.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const OPEN_ROUNDS = Number(process.env.BENCH_OPEN_ROUNDS ?? 5);
const ANCHOR_BUILD = path.resolve(process.env.BENCH_ANCHOR_BUILD ?? "../twilio-webchat-react-app/build");
const PROFILE = process.argv.includes("--profile");
// `npm run dev`, cold, to the first /chat page: the target is the figure the app started from on a 2-core machine.
const DEV_FIRST_PAGE_BEFORE = Number(process.env.BENCH_DEV_FIRST_PAGE_BEFORE ?? 12_500);
const HISTORY = 5000;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const p50 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (met) => (met === undefined ? "not measured" : met ? "met" : "NOT met");
const report = [];
/** One figure for the summary: its text, the target, and whether it is met (undefined: not measured here). */
const figure = (section, label, value, target, met) => report.push({ section, label, value, target, met });
const p95 = (values) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
// "—" for a figure with no measurement (every visit of a kind failed: reported on its own).
const kb = (bytes) => (bytes === undefined ? "—" : `${(bytes / 1024).toFixed(1)} KB`);
const ms = (value) => (value === undefined ? "—" : `${value.toFixed(0)} ms`);

console.log(`flex-webchat-next bench — Node ${process.version}, ${(await import("node:os")).cpus().length} cores\n`);

if (!process.argv.includes("--no-build")) {
  console.log("Building (npm run build: embed.js, then next build)…");
  execSync("npm run build", { stdio: "ignore", env });
}

// 1. Bundle sizes from the build's own route statistics, gzipped here (Next 16 prints no table).
const stats = JSON.parse(readFileSync(".next/diagnostics/route-bundle-stats.json", "utf8"));
const gz = (file) => gzipSync(readFileSync(file)).length;
const chunks = (route) => new Set(stats.find((r) => r.route === route)?.firstLoadChunkPaths ?? []);
const framework = chunks("/_not-found");
const firstLoad = (route) => {
  const files = [...chunks(route)];
  return {
    total: files.reduce((sum, f) => sum + gz(f), 0),
    own: files.filter((f) => !framework.has(f)).reduce((sum, f) => sum + gz(f), 0),
  };
};
const landing = firstLoad("/");
const chatRoute = firstLoad("/chat");
// The launcher as host pages get it: minified from lib/embed/launcher.js (built here too when --no-build found none).
if (!existsSync("public/embed.js")) execSync("npx tsx scripts/build-embed.mts", { stdio: "ignore", env });
const embedScript = gz("public/embed.js");
const sdkChunks = execSync("grep -l twilsock .next/static/chunks/*.js || true", { encoding: "utf8" })
  .trim()
  .split("\n")
  .filter(Boolean);
const sdkSize = sdkChunks.reduce((sum, f) => sum + gz(f), 0);

// 2. Development: `npm run dev` on a fresh database — the first page's compile, then a developer's many chats. First,
// on a quiet machine, as the figure before was taken: after the load test below it read 1–4 s slower.
console.log("Development server (next dev)…");
const devPort = await freePort();
const devDir = mkdtempSync(path.join(tmpdir(), "bench-dev-"));
rmSync(".next/dev", { recursive: true, force: true });
const dev = spawn(process.execPath, ["server.mjs", "--dev", "-p", String(devPort), "-H", "127.0.0.1"], {
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TWILIO_ACCOUNT_SID: "",
    SANDBOX_DATABASE: path.join(devDir, "dev.sqlite"),
    NODE_ENV: "development",
  },
  stdio: "ignore",
  detached: true,
});
const devBase = `http://127.0.0.1:${devPort}`;
// Cold, as the figure before was taken: no compile cache from an earlier `npm run dev`.
const devStarted = performance.now();
let devForm = null;
while (!devForm && performance.now() - devStarted < 180_000) {
  devForm = await fetch(`${devBase}/chat`).then(
    (r) => (r.ok ? r.text() : null),
    () => null,
  );
  if (!devForm) await new Promise((r) => setTimeout(r, 100));
}
const devFirstPage = performance.now() - devStarted;
let devRefused = 0;
const DEV_CHATS = 12;
for (let i = 0; devForm && i < DEV_CHATS; i++) {
  const chat = await startChatWithJs(devBase, devForm, `Developer ${i}`).catch(() => ({ started: false }));
  if (!chat.started) devRefused++;
}
// Gone before anything is timed in the browsers.
const devExited = new Promise((resolve) => dev.once("exit", resolve));
process.kill(-dev.pid, "SIGTERM");
await Promise.race([devExited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
rmSync(devDir, { recursive: true, force: true });

// 3. The running app, in sandbox mode, on a throwaway database; a host page of another origin allowed to embed it.
const hostPort = await freePort();
const { base, database, stop } = await startAppServer({
  build: false,
  env: { EMBED_ALLOWED_ORIGINS: `http://localhost:${hostPort}` },
});
const hostPage = await startHostPage(base, hostPort);

const browser = await chromium.launch(chromiumLaunchOptions);

// 4. Opening the chat, as a visitor meets it (scripts/lib/open-timing.mjs), side by side with Twilio's own web chat.
// "warm": the page has gone quiet, the pointer rests 150 ms on the launcher, then clicks. "eager": the visitor clicks
// in the very frame the launcher appears. Each figure is the median of OPEN_ROUNDS cold visits.
const anchorSite = existsSync(path.join(ANCHOR_BUILD, "index.html")) ? await startStaticSite(ANCHOR_BUILD) : null;
const targets = [
  ...(anchorSite ? [{ name: "react-app", url: anchorSite.url, ...ANCHOR_LAUNCHER }] : []),
  { name: "host page", url: hostPage.url, ...OUR_LAUNCHER },
  { name: "/", url: `${base}/`, ...OUR_LAUNCHER },
];
const opening = {};
// A visit whose click did not open the form is a defect, not noise: said at once with what the visitor saw, counted
// (a figure below), and left out of the medians.
const failedOpens = [];
const visit = async (options, label) => {
  try {
    return [await openOnce(browser, options)];
  } catch (error) {
    failedOpens.push(label);
    console.log(`  ${label}: ${error.message}`);
    return [];
  }
};
for (const cpu of [1, 4]) {
  for (const target of targets) {
    const runs = { warm: [], eager: [] };
    for (const settle of ["warm", "eager"]) {
      for (let i = 0; i < OPEN_ROUNDS; i++)
        runs[settle].push(...(await visit({ ...target, cpu, settle }, `${target.name}, ${settle}, CPU ${cpu}×`)));
    }
    opening[`${target.name}@${cpu}`] = {
      launcher: p50(runs.eager.map((r) => r.launcher)),
      clickToForm: p50(runs.warm.map((r) => r.clickToForm)),
      openToForm: p50(runs.eager.map((r) => r.openToForm)),
      bytes: p50(runs.warm.map((r) => r.bytes)),
    };
    console.log(
      `  opened ${target.name} at CPU ${cpu}×: ${JSON.stringify(opening[`${target.name}@${cpu}`], (k, v) => (typeof v === "number" ? Math.round(v) : v))}`,
    );
  }
}
// Which data-preload warms best: the host page with each, warm click (the pointer rests 150 ms: "intent" gets that).
const preloadModes = {};
for (const mode of ["idle", "intent", "none"]) {
  const runs = [];
  for (let i = 0; i < OPEN_ROUNDS; i++) {
    runs.push(
      ...(await visit(
        { ...OUR_LAUNCHER, url: `${hostPage.url}?preload=${mode}`, settle: "warm" },
        `host page, data-preload=${mode}`,
      )),
    );
  }
  preloadModes[mode] = { clickToForm: p50(runs.map((r) => r.clickToForm)), bytes: p50(runs.map((r) => r.bytes)) };
}
anchorSite?.close();
// What the chat's frame downloads to show the form (host page, warm), biggest first, the framework's marked.
const frameScripts = [];
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const frameworkNames = new Set([...framework].map((f) => path.basename(f)));
  context.on("requestfinished", async (request) => {
    if (!request.url().startsWith(base) || request.resourceType() !== "script") return;
    const name = path.basename(new URL(request.url()).pathname);
    const size = (await request.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
    frameScripts.push([frameworkNames.has(name) ? `${name} (framework)` : name, size]);
  });
  await page.goto(hostPage.url);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1_500);
  await context.close();
  frameScripts.sort((a, b) => b[1] - a[1]);
}
const ratio = (ours, key, cpu = 1) => {
  const anchor = opening[`react-app@${cpu}`]?.[key];
  return anchor ? opening[`${ours}@${cpu}`][key] / anchor : undefined;
};
const x = (value) => (value === undefined ? "—" : `${value.toFixed(2)}×`);
for (const cpu of [1, 4]) {
  const anchor = opening[`react-app@${cpu}`];
  for (const ours of ["host page", "/"]) {
    const o = opening[`${ours}@${cpu}`];
    const clickRatio = ratio(ours, "clickToForm", cpu);
    figure(
      "Opening",
      `click → form visible, ${ours}, CPU ${cpu}×`,
      `${ms(o.clickToForm)} vs ${anchor ? ms(anchor.clickToForm) : "—"} (${x(clickRatio)})`,
      "≤ 0.5× the react-app",
      clickRatio === undefined ? undefined : clickRatio <= 0.5,
    );
  }
  const launcherRatio = ratio("host page", "launcher", cpu);
  figure(
    "Opening",
    `launcher visible, host page, CPU ${cpu}×`,
    `${ms(opening[`host page@${cpu}`].launcher)} vs ${anchor ? ms(anchor.launcher) : "—"} (${x(launcherRatio)})`,
    "≤ 0.3× the react-app",
    launcherRatio === undefined ? undefined : launcherRatio <= 0.3,
  );
  const openRatio = ratio("/", "openToForm", cpu);
  figure(
    "Opening",
    `page open → form visible (eager click), /, CPU ${cpu}×`,
    `${ms(opening[`/@${cpu}`].openToForm)} vs ${anchor ? ms(anchor.openToForm) : "—"} (${x(openRatio)}); host page ${ms(opening[`host page@${cpu}`].openToForm)} (${x(ratio("host page", "openToForm", cpu))})`,
    "≤ 0.6× the react-app on /",
    openRatio === undefined ? undefined : openRatio <= 0.6,
  );
}
const hostBytes = opening["host page@1"].bytes;
const anchorBytes = opening["react-app@1"]?.bytes;
figure(
  "Opening",
  "bytes on the wire until the form shows, host page",
  `${kb(hostBytes)} vs ${anchorBytes ? kb(anchorBytes) : "—"} (${x(anchorBytes && hostBytes / anchorBytes)}); on / ${kb(opening["/@1"].bytes)}`,
  "≤ 170 KB and ≤ 0.6× the react-app",
  hostBytes <= 170 * 1024 && (!anchorBytes || hostBytes / anchorBytes <= 0.6),
);
// "intent" is warm too when the pointer has rested long enough, as it does here (150 ms on loopback): idle and intent
// then both show the form in the click's own frame, a few ms apart either way. The default stays the fastest when no
// mode beats it by a whole frame (60 Hz), and idle is the one that is warm for a visitor who does not hover (docs/embedding.md).
const FRAME_MS = 1000 / 60;
figure(
  "Opening",
  "data-preload on a host page: click → form (bytes loaded)",
  Object.entries(preloadModes)
    .map(([m, r]) => `${m} ${ms(r.clickToForm)} (${kb(r.bytes)})`)
    .join(", "),
  "default (idle) within a frame (17 ms) of the fastest",
  preloadModes.idle.clickToForm <= Math.min(preloadModes.intent.clickToForm, preloadModes.none.clickToForm) + FRAME_MS,
);
figure("Opening", "embed.js (gzip)", kb(embedScript), "≤ 5 KB", embedScript <= 5 * 1024);
figure(
  "Opening",
  "clicks on the launcher that opened the form",
  failedOpens.length ? `${failedOpens.length} did not: ${failedOpens.join("; ")}` : "every one",
  "every one",
  failedOpens.length === 0,
);

// Timed inside the page, from the visitor's click to the first frame where the chat is ready (the question in the
// log, the composer there, no connection banner), so the test driver's own latency is not counted.
// `settled`: the page has gone quiet after the form was filled (as after a visitor types: the connection code it
// fetches on the form's first focus has arrived). Unsettled: Start chat is clicked the instant the fields are filled.
async function startChat(page, name, { settled = true } = {}) {
  await page.goto(`${base}/chat`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("How can we help?").fill(`Question from ${name}`);
  if (settled) await page.waitForLoadState("networkidle");
  await page.evaluate((question) => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Start chat");
    button.addEventListener(
      "click",
      () => {
        const clicked = performance.now();
        const check = () => {
          const log = document.querySelector(".chat-scroll");
          const ready =
            log?.textContent.includes(question) &&
            document.querySelector('textarea[name="message"]:not(:disabled)') &&
            !document.querySelector(".banner:not([hidden])");
          if (ready) {
            window.__benchReady = performance.now() - clicked;
            window.__benchReadyAt = performance.timeOrigin + performance.now();
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      },
      { capture: true, once: true },
    );
  }, `Question from ${name}`);
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.waitForFunction(() => window.__benchReady !== undefined, null, { timeout: 15_000 });
  return page.evaluate(() => window.__benchReady);
}

/** Records, on the page's own clock (shared by all pages of the browser), when Enter is pressed in a message box
 * and when a message body first appears. */
function stampMessages(page) {
  return page.evaluate(() => {
    const now = () => performance.timeOrigin + performance.now();
    window.__sent = {};
    window.__seen = {};
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Enter" && !event.shiftKey && event.target instanceof HTMLTextAreaElement) {
          window.__sent[event.target.value.trim()] ??= now();
        }
      },
      { capture: true },
    );
    new MutationObserver(() => {
      const t = now();
      for (const body of document.querySelectorAll('[role="log"] .message-body')) window.__seen[body.textContent] ??= t;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

// Start chat → ready, and the chat's JS as actually downloaded (gzip) beyond the framework: what arrived before the
// chat was ready for typing, and what came after at idle (the ⋯ menu's library, fetched once the chat has rendered).
const startTimes = [];
const hurriedTimes = [];
let chatJs = 0;
let chatJsLater = 0;
for (let i = 0; i < ROUNDS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map();
  page.on("response", async (r) => {
    if (r.request().resourceType() !== "script") return;
    const bytes = await r.body().then(
      (b) => gzipSync(b).length,
      () => 0,
    );
    const timing = r.request().timing(); // complete once the body has arrived; wall-clock ms, as the page's stamp
    scripts.set(r.url(), { bytes, end: timing.startTime + timing.responseEnd });
  });
  startTimes.push(await startChat(page, `Bench ${i}`));
  const hurried = await browser.newContext();
  hurriedTimes.push(await startChat(await hurried.newPage(), `Hurried ${i}`, { settled: false }));
  await hurried.close();
  if (i === 0) {
    await page.waitForTimeout(300);
    const frameworkNames = new Set([...framework].map((f) => path.basename(f)));
    const readyAt = await page.evaluate(() => window.__benchReadyAt);
    for (const [url, { bytes, end }] of scripts) {
      if (frameworkNames.has(path.basename(new URL(url).pathname))) continue;
      if (end <= readyAt) chatJs += bytes;
      else chatJsLater += bytes;
    }
  }
  await context.close();
}

// Reload → history in the first HTML, and time to a visible history.
const visitorContext = await browser.newContext();
const visitor = await visitorContext.newPage();
await startChat(visitor, "Reloader");
const html = await (await visitorContext.request.get(`${base}/chat`)).text();
const historyInHtml = html.includes("Question from Reloader");
const reloadTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  const started = performance.now();
  await visitor.reload({ waitUntil: "commit" });
  await visitor.getByRole("log", { name: "Messages" }).getByText("Question from Reloader").waitFor();
  reloadTimes.push(performance.now() - started);
}

// Round trip: the visitor sends, the agent console shows it, the agent answers, the visitor shows the answer.
// The agent signs in as a browser does: the console's address with the credentials once, which the browser then
// sends by itself. Playwright's httpCredentials would pause every request of the page for the driver (its
// interception answers sign-in prompts): measured, ~5 ms added to each of the agent's sends.
const agentContext = await browser.newContext();
const agent = await agentContext.newPage();
await agent.goto(`${base.replace("://", `://agent:${AGENT_PASSWORD}@`)}/agent`);
await agent.goto(`${base}/agent`);
await agent.getByRole("button", { name: "Accept Reloader" }).click();
await agent.getByLabel("Reply").waitFor();
await visitor.waitForFunction(() => !document.querySelector(".banner:not([hidden])"));
await stampMessages(visitor);
await stampMessages(agent);
for (let i = 0; i < ROUNDS * 2; i++) {
  await visitor.getByLabel("Message", { exact: true }).fill(`ping ${i}`);
  await visitor.getByLabel("Message", { exact: true }).press("Enter");
  await agent.getByRole("log", { name: "Messages" }).getByText(`ping ${i}`, { exact: true }).waitFor();
  await agent.getByLabel("Reply").fill(`pong ${i}`);
  await agent.getByLabel("Reply").press("Enter");
  await visitor.getByRole("log", { name: "Messages" }).getByText(`pong ${i}`, { exact: true }).waitFor();
}
// Each leg from Enter on one page to the message on the other, summed: the driver's pauses between legs excluded.
const [visitorStamps, agentStamps] = await Promise.all(
  [visitor, agent].map((page) => page.evaluate(() => ({ sent: window.__sent, seen: window.__seen }))),
);
const roundTrips = Array.from(
  { length: ROUNDS * 2 },
  (_, i) =>
    agentStamps.seen[`ping ${i}`] -
    visitorStamps.sent[`ping ${i}`] +
    (visitorStamps.seen[`pong ${i}`] - agentStamps.sent[`pong ${i}`]),
);
if (roundTrips.some((t) => !Number.isFinite(t))) throw new Error("A round trip was not stamped on both pages");

// A 5,000-message history: first render, then scrolling all the way up, page by page.
const conversationSid = agent.url().split("/").pop();
const identity = await agent.locator(".details-id").textContent();
const Database = (await import("better-sqlite3")).default;
const db = new Database(database);
const last = db.prepare("select max(idx) as idx from messages where conversation_sid = ?").get(conversationSid).idx;
const insert = db.prepare(
  "insert into messages (sid, conversation_sid, idx, author, body, attributes, participant_sid, date_created, date_updated) values (?, ?, ?, ?, ?, '{}', null, ?, ?)",
);
db.transaction(() => {
  const start = Date.now() - HISTORY * 30_000;
  for (let i = 1; i <= HISTORY; i++) {
    const date = new Date(start + i * 30_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const sid = "IM" + (i.toString(16).padStart(8, "0") + "0".repeat(24));
    insert.run(sid, conversationSid, last + i, i % 3 ? "sandbox-agent" : identity, `History message ${i}`, date, date);
  }
})();
db.close();

let started = performance.now();
await visitor.reload();
await visitor.getByRole("log", { name: "Messages" }).getByText(`History message ${HISTORY}`, { exact: true }).waitFor();
const renderHistory = performance.now() - started;
const domRows = await visitor.getByRole("log", { name: "Messages" }).getByRole("listitem").count();

started = performance.now();
let pages = 0;
const log = visitor.getByRole("log", { name: "Messages" });
const deadline = Date.now() + 120_000;
while (Date.now() < deadline) {
  const top = await log.locator(".message-body").first().textContent();
  if (top === "Question from Reloader") break;
  await log.evaluate((el) => (el.scrollTop = 0));
  await visitor
    .waitForFunction(
      (previous) => {
        const first = document.querySelector('[role="log"] .message-body');
        return first && first.textContent !== previous;
      },
      top,
      { timeout: 5000 },
    )
    .catch(() => {});
  pages++;
}
const scrollAll = performance.now() - started;
const frames = await visitor.evaluate(
  () =>
    new Promise((resolve) => {
      const el = document.querySelector(".chat-scroll");
      const times = [];
      let last = performance.now();
      let steps = 0;
      const step = () => {
        const now = performance.now();
        times.push(now - last);
        last = now;
        el.scrollTop += 400;
        if (++steps < 120) requestAnimationFrame(step);
        else resolve(times);
      };
      requestAnimationFrame(step);
    }),
);

await browser.close();
stop();
hostPage.close();

// 5. The server: chat starts per second, as the page's JavaScript starts them (one server-action request, posted from
// the form's page, whose answer is the chat page), 8 at a time, the load generator on the same cores.
const STARTS = 300;
const profileDir = PROFILE ? mkdtempSync(path.join(tmpdir(), "bench-profile-")) : null;
const startServer = await startAppServer({
  build: false,
  nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
});
const form = await (await fetch(`${startServer.base}/chat`)).text();
for (let i = 0; i < 20; i++) await startChatWithJs(startServer.base, form, `Warm-up ${i}`);
let nextStart = 0;
const startLatencies = [];
const startsBegan = performance.now();
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (nextStart < STARTS) {
      const i = nextStart++;
      const began = performance.now();
      const chat = await startChatWithJs(startServer.base, form, `Starter ${i}`);
      if (!chat.started) throw new Error(`start ${i} refused (${chat.status})`);
      startLatencies.push(performance.now() - began);
    }
  }),
);
const startsPerSecond = STARTS / ((performance.now() - startsBegan) / 1000);
startServer.stop();
let profileSummary = null;
if (profileDir) {
  await new Promise((r) => setTimeout(r, 3_000)); // The profile is written as the server exits.
  const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  if (file) profileSummary = summarize(path.join(profileDir, file), 12);
  rmSync(profileDir, { recursive: true, force: true });
}

// 6. Under load: 200 visitors × 20 messages (scripts/lib/load-test.mjs), on a fresh server.
console.log("Load: 200 visitors × 20 messages (about 90 s)…");
const loadServer = await startAppServer({ build: false });
const load = await runLoad(loadServer.base, { onProgress: (line) => console.log(line) });
const loadRss = loadServer.rss();
// The same server once the load has stopped: V8's memory reducer runs a full collection a while after allocation
// slows and gives back the old generation's pages. What remains is what the server keeps, not garbage it was allowed
// to accumulate (V8 lets the old generation grow to a few times the live heap before a full collection).
let loadRssSettled = loadRss;
for (let waited = 0; waited < 45_000; waited += 5_000) {
  await new Promise((r) => setTimeout(r, 5_000));
  loadRssSettled = Math.min(loadRssSettled, loadServer.rss());
}
loadServer.stop();

figure(
  "Server",
  "chat starts per second (Start chat → chat page, 8 at a time)",
  `${startsPerSecond.toFixed(1)}/s; each p50 ${ms(p50(startLatencies))}`,
  "≥ 30/s",
  startsPerSecond >= 30,
);
figure(
  "Server",
  "200 × 20 load: round trip p50 / p95 / p99",
  `${ms(load.roundTrip.p50)} / ${ms(load.roundTrip.p95)} / ${ms(load.roundTrip.p99)} (n=${load.roundTrip.n}, ${load.pauseMs} ms between a reply and the next message)`,
  "p95 ≤ 300 ms, p99 ≤ 1 s",
  load.roundTrip.p95 <= 300 && load.roundTrip.p99 <= 1000,
);
figure(
  "Server",
  "200 × 20 load: chats started, lost, out of order, errors",
  `${load.created} at ${load.startsPerSecond.toFixed(1)}/s among the messages; ${load.lost} lost, ${load.orderViolations} out of order, ${load.errors} errors`,
  "0 lost, 0 out of order",
  load.lost === 0 && load.orderViolations === 0 && load.errors === 0,
);
figure(
  "Server",
  "200 × 20 load: server RSS after",
  `${loadRss.toFixed(0)} MB (${loadRssSettled.toFixed(0)} MB within 45 s of it, once V8 has collected)`,
  "≤ 400 MB (right after)",
  loadRss <= 400,
);
figure(
  "Development",
  "first page compiled and served (npm run dev, cold)",
  ms(devFirstPage),
  `≤ ${ms(DEV_FIRST_PAGE_BEFORE)} + 10% (before issue 12, cold; the machine's noise)`,
  devForm !== null && devFirstPage <= DEV_FIRST_PAGE_BEFORE * 1.1,
);
figure(
  "Development",
  `chats a developer starts in a row on npm run dev (${DEV_CHATS})`,
  `${DEV_CHATS - devRefused} started, ${devRefused} refused`,
  "none refused",
  devForm !== null && devRefused === 0,
);
figure(
  "Browser",
  "Start chat → ready for typing, p50 (settled / clicked the instant the form is filled)",
  `${ms(p50(startTimes))} / ${ms(p50(hurriedTimes))}`,
  "≤ 150 ms both",
  p50(startTimes) <= 150 && p50(hurriedTimes) <= 150,
);
figure(
  "Browser",
  "round trip visitor → agent → visitor, p50",
  `${ms(p50(roundTrips))} (p95 ${ms(p95(roundTrips))})`,
  "≤ 50 ms",
  p50(roundTrips) <= 50,
);
figure(
  "Browser",
  "chat JS downloaded beyond the framework until the chat is ready for typing",
  `${chatJs} bytes (and ${chatJsLater} bytes after, at idle: the ⋯ menu)`,
  "≤ 40,960 bytes",
  chatJs <= 40960,
);

console.log("Bundle (gzip)");
console.log(`  first-load JS of / (landing), total / own ........... ${kb(landing.total)} / ${kb(landing.own)}`);
console.log(`  first-load JS of /chat, total / own ................. ${kb(chatRoute.total)} / ${kb(chatRoute.own)}`);
console.log(`  embed.js (the launcher, on the host page) ........... ${kb(embedScript)}`);
console.log(`  @twilio/conversations chunk (Twilio mode only) ...... ${kb(sdkSize)} in ${sdkChunks.length} chunk(s)`);
console.log(
  `  what the chat frame downloads to show the form (top) ${frameScripts
    .slice(0, 6)
    .map(([name, size]) => `${name} ${kb(size)}`)
    .join(", ")}`,
);
console.log("Sandbox mode, headless Chromium on loopback");
console.log(`  Start chat → ready for typing, p50 / p95 ............ ${ms(p50(startTimes))} / ${ms(p95(startTimes))}`);
console.log(
  `    … clicked the instant the form is filled ........ ${ms(p50(hurriedTimes))} / ${ms(p95(hurriedTimes))}`,
);
console.log(
  `  reload → history visible, p50 ....................... ${ms(p50(reloadTimes))}; history in the first HTML: ${historyInHtml ? "yes" : "NO"}`,
);
console.log(`History of ${HISTORY} messages`);
console.log(
  `  reload → latest message visible ..................... ${ms(renderHistory)} (${domRows} rows in the DOM)`,
);
console.log(`  scroll up through all of it ......................... ${ms(scrollAll)} (${pages} pages of 30)`);
console.log(`  frame time while scrolling, p50 / p95 ............... ${ms(p50(frames))} / ${ms(p95(frames))}`);
if (profileSummary) {
  console.log(`Where the server's time went during the chat starts (${profileSummary.totalMs.toFixed(0)} ms busy)`);
  for (const r of profileSummary.byPlace.slice(0, 8))
    console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
  for (const r of profileSummary.byFunction.slice(0, 10))
    console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}
if (!anchorSite)
  console.log(
    `\nTwilio's react-app build not found at ${ANCHOR_BUILD}: the ratios to it are not measured (docs/performance.md).`,
  );
console.log("\nTargets");
let section = "";
for (const f of report) {
  if (f.section !== section) console.log(`  ${(section = f.section)}`);
  console.log(`    ${f.label}: ${f.value} — target ${f.target}: ${verdict(f.met)}`);
}
process.exit(0);
