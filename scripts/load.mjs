// `npm run load`: simulated visitors (HTTP + the live stream, no browser) against a production build in sandbox mode,
// on loopback. Bounded: VISITORS × MESSAGES, a deadline, and it stops its server when done.
import { createParser } from "eventsource-parser";
import { AGENT_PASSWORD, startAppServer } from "./lib/app-server.mjs";

const VISITORS = Number(process.env.LOAD_VISITORS ?? 200);
const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 20);
const DEADLINE_MS = Number(process.env.LOAD_DEADLINE_MS ?? 300_000);

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
};
const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const { base, stop: stopServer, rss } = await startAppServer({ build: !process.argv.includes("--no-build") });
const rssBefore = rss();

/** Starts a chat the way a browser without JavaScript would: the form's own fields, posted to its action. */
async function startChat(i) {
  const form = await (await fetch(`${base}/chat`)).text();
  const body = new FormData();
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) body.append(name, unescapeHtml(value ?? ""));
  body.append("name", `Load visitor ${i}`);
  body.append("email", "");
  body.append("question", `Question ${i}`);
  const response = await fetch(`${base}/chat`, { method: "POST", body, redirect: "manual" });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`chat ${i}: no session cookie (status ${response.status})`);
  const page = await (await fetch(`${base}/chat`, { headers: { cookie } })).text();
  const sid = /conversationSid\\?":\\?"(CH[0-9a-f]{32})/.exec(page)?.[1];
  const token = /token\\?":\\?"(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(page)?.[1];
  if (!sid || !token) throw new Error(`chat ${i}: no conversation in the page`);
  return { sid, token };
}

/** The agent accepts the chat from the console (its Accept form, posted as without JavaScript), then reads a token. */
async function agentToken(sid) {
  const auth = { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString("base64")}` };
  const preview = await (await fetch(`${base}/agent/${sid}`, { headers: auth })).text();
  const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="taskSid"(?:(?!<\/form>)[\s\S])*<\/form>/.exec(preview)?.[0];
  if (form) {
    const body = new FormData();
    for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) body.append(name, unescapeHtml(value ?? ""));
    await fetch(`${base}/agent/${sid}`, { method: "POST", body, headers: auth, redirect: "manual" });
  }
  const page = await (await fetch(`${base}/agent/${sid}`, { headers: auth })).text();
  const token = /token\\?":\\?"(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(page)?.[1];
  if (!token) throw new Error(`agent: no token for ${sid} (not accepted?)`);
  return token;
}

/** Reads the live stream, handing each message to `onMessage`; resolves a closer. */
function listen(sid, token, onMessage, signal) {
  return fetch(`${base}/api/sandbox/conversations/${sid}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal,
  }).then(async (response) => {
    if (!response.ok) throw new Error(`stream ${response.status}`);
    const parser = createParser({
      onEvent: (event) => {
        if (event.event === "messageAdded") onMessage(JSON.parse(event.data));
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ done: true }));
        if (done) break;
        parser.feed(value);
      }
    })();
  });
}

const send = (sid, token, body) =>
  fetch(`${base}/api/sandbox/conversations/${sid}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ body }),
  }).then((r) => {
    if (r.status !== 201) throw new Error(`send ${r.status}`);
  });

const roundTrips = [];
let errors = 0;
let lost = 0;
let late = 0;
let orderViolations = 0;
let created = 0;
const abort = new AbortController();
const deadline = setTimeout(() => abort.abort(), DEADLINE_MS);

async function visitor(i) {
  const { sid, token } = await startChat(i);
  created++;
  const agent = await agentToken(sid);
  const visitorSeen = [];
  const agentSeen = [];
  const waiting = new Map();
  // The simulated agent answers each visitor message at once.
  await listen(sid, agent, (m) => {
    agentSeen.push(m);
    if (m.author !== "sandbox-agent" && m.body.startsWith("ping")) void send(sid, agent, m.body.replace("ping", "pong")).catch(() => errors++);
  }, abort.signal);
  await listen(sid, token, (m) => {
    visitorSeen.push(m);
    waiting.get(m.body)?.();
  }, abort.signal);
  for (let n = 0; n < MESSAGES && !abort.signal.aborted; n++) {
    const started = performance.now();
    // Settles to whether the reply came back within 10 s (never rejects, so nothing is left unhandled).
    const reply = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      waiting.set(`pong ${i}-${n}`, () => (clearTimeout(timer), resolve(true)));
    });
    try {
      await send(sid, token, `ping ${i}-${n}`);
    } catch {
      errors++;
    }
    if (await reply) roundTrips.push(performance.now() - started);
    else late++;
  }
  // Checked once every visitor is done (and late messages had time to land): each side must have seen every
  // message exactly once, in index order.
  return () => {
  for (const seen of [visitorSeen, agentSeen]) {
    const indexes = seen.map((m) => m.index);
    if (new Set(indexes).size !== indexes.length) orderViolations++;
    if (indexes.some((index, k) => k > 0 && index <= indexes[k - 1])) orderViolations++;
    const bodies = new Set(seen.map((m) => m.body));
    for (let n = 0; n < MESSAGES; n++) {
      if (!bodies.has(`ping ${i}-${n}`)) lost++;
      if (!bodies.has(`pong ${i}-${n}`)) lost++;
    }
  }
  };
}

console.log(`Load: ${VISITORS} visitors × ${MESSAGES} messages against ${base} (sandbox mode, production build)`);
const started = performance.now();
const results = await Promise.allSettled(Array.from({ length: VISITORS }, (_, i) => visitor(i)));
const elapsed = (performance.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 5_000));
for (const r of results) {
  if (r.status === "rejected") errors++;
  else r.value();
}
clearTimeout(deadline);
const rssAfter = rss();
abort.abort();
stopServer();

console.log(`  chats created ........ ${created} (${(created / elapsed).toFixed(1)}/s over ${elapsed.toFixed(1)} s)`);
console.log(`  round trip visitor → agent → visitor: p50 ${pct(roundTrips, 50).toFixed(1)} ms, p95 ${pct(roundTrips, 95).toFixed(1)} ms, p99 ${pct(roundTrips, 99).toFixed(1)} ms (n=${roundTrips.length})`);
console.log(`  replies later than 10 s ${late}`);
console.log(`  errors ............... ${errors}`);
console.log(`  messages lost ........ ${lost} (must be 0)`);
console.log(`  order violations ..... ${orderViolations} (must be 0)`);
console.log(`  server RSS ........... ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after`);
process.exit(lost || orderViolations ? 1 : 0);
