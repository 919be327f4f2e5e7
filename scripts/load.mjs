// `npm run load`: simulated visitors (HTTP + the live stream, no browser) against a production build in sandbox mode,
// on loopback. Bounded: VISITORS × MESSAGES, a deadline, and it stops its server when done.
import { createParser } from "eventsource-parser";
import { startAppServer } from "./lib/app-server.mjs";
import { acceptAsAgent, startChatWithoutJs } from "./lib/no-js-client.mjs";

const VISITORS = Number(process.env.LOAD_VISITORS ?? 200);
const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 20);
const DEADLINE_MS = Number(process.env.LOAD_DEADLINE_MS ?? 300_000);

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
};

const { base, stop: stopServer, rss } = await startAppServer({ build: !process.argv.includes("--no-build") });
const rssBefore = rss();

async function startChat(i) {
  const chat = await startChatWithoutJs(base, `Load visitor ${i}`);
  if (!chat.started) throw new Error(`chat ${i}: not started (status ${chat.status})`);
  return chat;
}

const agentToken = (sid) => acceptAsAgent(base, sid);

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
