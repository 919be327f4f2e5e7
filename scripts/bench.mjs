// `npm run bench`: builds the app, runs it in sandbox mode on loopback and prints speed and size figures.
// Everything is bounded (fixed counts, timeouts) and stops by itself.
import { chromium } from "@playwright/test";
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { AGENT_PASSWORD, startAppServer } from "./lib/app-server.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const HISTORY = 5000;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const p50 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;

console.log(`flex-webchat-next bench — Node ${process.version}, ${(await import("node:os")).cpus().length} cores\n`);

if (!process.argv.includes("--no-build")) {
  console.log("Building (next build)…");
  execSync("npx next build", { stdio: "ignore", env });
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
const embedScript = gz("public/embed.js");
const sdkChunks = execSync("grep -l twilsock .next/static/chunks/*.js || true", { encoding: "utf8" }).trim().split("\n").filter(Boolean);
const sdkSize = sdkChunks.reduce((sum, f) => sum + gz(f), 0);

// 2. The running app, in sandbox mode, on a throwaway database.
const { base, database, stop } = await startAppServer({ build: false });

const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

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
          if (ready) window.__benchReady = performance.now() - clicked;
          else requestAnimationFrame(check);
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

// Start chat → ready, and the chat view's JS as actually downloaded (gzip) beyond the framework.
const startTimes = [];
const hurriedTimes = [];
let chatJs = 0;
for (let i = 0; i < ROUNDS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map();
  page.on("response", async (r) => {
    if (r.request().resourceType() === "script") scripts.set(r.url(), await r.body().then((b) => gzipSync(b).length, () => 0));
  });
  startTimes.push(await startChat(page, `Bench ${i}`));
  const hurried = await browser.newContext();
  hurriedTimes.push(await startChat(await hurried.newPage(), `Hurried ${i}`, { settled: false }));
  await hurried.close();
  if (i === 0) {
    await page.waitForTimeout(300);
    const frameworkNames = new Set([...framework].map((f) => path.basename(f)));
    chatJs = [...scripts].filter(([url]) => !frameworkNames.has(path.basename(new URL(url).pathname))).reduce((s, [, n]) => s + n, 0);
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
const agentContext = await browser.newContext({ httpCredentials: { username: "agent", password: AGENT_PASSWORD } });
const agent = await agentContext.newPage();
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
    agentStamps.seen[`ping ${i}`] - visitorStamps.sent[`ping ${i}`] +
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
  await visitor.waitForFunction((previous) => {
    const first = document.querySelector('[role="log"] .message-body');
    return first && first.textContent !== previous;
  }, top, { timeout: 5000 }).catch(() => {});
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

console.log("Bundle (gzip)");
console.log(`  first-load JS of / (landing), total / own ........... ${kb(landing.total)} / ${kb(landing.own)}`);
console.log(`  first-load JS of /chat, total / own ................. ${kb(chatRoute.total)} / ${kb(chatRoute.own)}`);
console.log(`  embed.js (the launcher, on the host page) ........... ${kb(embedScript)}`);
console.log(`  chat view JS downloaded beyond the framework ........ ${kb(chatJs)} (${chatJs} bytes; target ≤ 40 KB = 40960)`);
console.log(`  @twilio/conversations chunk (Twilio mode only) ...... ${kb(sdkSize)} in ${sdkChunks.length} chunk(s)`);
console.log("Sandbox mode, headless Chromium on loopback");
console.log(`  Start chat → ready for typing, p50 / p95 ............ ${ms(p50(startTimes))} / ${ms(p95(startTimes))}  (target p50 ≤ 150 ms)`);
console.log(`    … clicked the instant the form is filled ........ ${ms(p50(hurriedTimes))} / ${ms(p95(hurriedTimes))}`);
console.log(`  reload → history visible, p50 ....................... ${ms(p50(reloadTimes))}; history in the first HTML: ${historyInHtml ? "yes" : "NO"}`);
console.log(`  round trip visitor → agent → visitor, p50 / p95 ..... ${ms(p50(roundTrips))} / ${ms(p95(roundTrips))}  (n=${roundTrips.length}; target p50 ≤ 50 ms)`);
console.log(`History of ${HISTORY} messages`);
console.log(`  reload → latest message visible ..................... ${ms(renderHistory)} (${domRows} rows in the DOM)`);
console.log(`  scroll up through all of it ......................... ${ms(scrollAll)} (${pages} pages of 30)`);
console.log(`  frame time while scrolling, p50 / p95 ............... ${ms(p50(frames))} / ${ms(p95(frames))}`);
process.exit(0);
