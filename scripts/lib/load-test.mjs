// The load test, shared by `npm run load` and `npm run bench`: simulated visitors (HTTP + the live stream, no browser)
// against a running app in sandbox mode. Each visitor opens the chat page, starts a chat as the page's JavaScript
// does (one server-action request), has an agent accept it from the console, then trades MESSAGES pings for pongs
// with that agent, pausing between a reply and its next message as a person reads and types. Bounded: a deadline,
// 10 s per reply.
import { createParser } from "eventsource-parser";
import { acceptAsAgent, startChatWithJs } from "./no-js-client.mjs";

export const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
};

/** Reads the live stream, handing each message to `onMessage`; resolves a closer. */
function listen(base, sid, token, onMessage, signal) {
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

const send = (base, sid, token, body) =>
  fetch(`${base}/api/sandbox/conversations/${sid}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ body }),
  }).then((r) => {
    if (r.status !== 201) throw new Error(`send ${r.status}`);
  });

/**
 * Runs the load against `base`. `pauseMs` 0 = flat out (each visitor sends the moment its reply lands: the figure
 * then measures the test's own queue, every visitor always waiting on one server). `onProgress` gets a line every 5 s.
 */
export async function runLoad(
  base,
  { visitors = 200, messages = 20, pauseMs = 3_000, deadlineMs = 300_000, onProgress = () => {} } = {},
) {
  const roundTrips = [];
  const startTimes = [];
  const acceptTimes = [];
  let errors = 0;
  let lost = 0;
  let late = 0;
  let orderViolations = 0;
  let created = 0;
  let lastStart = 0;
  const failures = [];
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), deadlineMs);

  async function visitor(i) {
    const startedAt = performance.now();
    const form = await (await fetch(`${base}/chat`)).text();
    const chat = await startChatWithJs(base, form, `Load visitor ${i}`);
    if (!chat.started) throw new Error(`chat ${i}: not started (status ${chat.status})`);
    const { sid, token } = chat;
    created++;
    startTimes.push(performance.now() - startedAt);
    lastStart = performance.now();
    const agent = await acceptAsAgent(base, sid);
    acceptTimes.push(performance.now() - lastStart);
    const visitorSeen = [];
    const agentSeen = [];
    const waiting = new Map();
    // The simulated agent answers each visitor message at once.
    await listen(
      base,
      sid,
      agent,
      (m) => {
        agentSeen.push(m);
        if (m.author !== "sandbox-agent" && m.body.startsWith("ping"))
          void send(base, sid, agent, m.body.replace("ping", "pong")).catch(() => errors++);
      },
      abort.signal,
    );
    await listen(
      base,
      sid,
      token,
      (m) => {
        visitorSeen.push(m);
        waiting.get(m.body)?.();
      },
      abort.signal,
    );
    for (let n = 0; n < messages && !abort.signal.aborted; n++) {
      // A random first pause spreads the visitors out, as real ones are; then one pause after each reply.
      await new Promise((r) => setTimeout(r, n === 0 ? Math.random() * pauseMs : pauseMs));
      const started = performance.now();
      // Settles to whether the reply came back within 10 s (never rejects, so nothing is left unhandled).
      const reply = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        waiting.set(`pong ${i}-${n}`, () => (clearTimeout(timer), resolve(true)));
      });
      try {
        await send(base, sid, token, `ping ${i}-${n}`);
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
        for (let n = 0; n < messages; n++) {
          if (!bodies.has(`ping ${i}-${n}`)) lost++;
          if (!bodies.has(`pong ${i}-${n}`)) lost++;
        }
      }
    };
  }

  const started = performance.now();
  let reported = 0;
  const progress = setInterval(() => {
    const recent = roundTrips.slice(reported);
    reported = roundTrips.length;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    onProgress(
      `${seconds.padStart(4)} s: ${created}/${visitors} chats started, ${roundTrips.length} round trips (last 5 s: p50 ${pct(recent, 50).toFixed(0)} ms, p99 ${pct(recent, 99).toFixed(0)} ms)`,
    );
  }, 5_000);
  const results = await Promise.allSettled(Array.from({ length: visitors }, (_, i) => visitor(i)));
  clearInterval(progress);
  await new Promise((r) => setTimeout(r, 5_000));
  for (const r of results) {
    if (r.status === "rejected") {
      errors++;
      if (failures.length < 3) failures.push(r.reason?.message ?? String(r.reason));
    } else r.value();
  }
  clearTimeout(deadline);
  abort.abort();
  const startWindow = (lastStart - started) / 1000;
  return {
    visitors,
    messages,
    pauseMs,
    created,
    errors,
    lost,
    late,
    orderViolations,
    failures,
    startsPerSecond: created / startWindow,
    startWindow,
    start: { p50: pct(startTimes, 50), p95: pct(startTimes, 95) },
    accept: { p50: pct(acceptTimes, 50) },
    roundTrip: { n: roundTrips.length, p50: pct(roundTrips, 50), p95: pct(roundTrips, 95), p99: pct(roundTrips, 99) },
  };
}

/** The result as the lines `npm run load` prints. */
export function describeLoad(r) {
  return [
    `  chats created ........ ${r.created}, all within ${r.startWindow.toFixed(1)} s of the first visitor (${r.startsPerSecond.toFixed(1)}/s); page + Start chat p50 ${r.start.p50.toFixed(0)} ms, p95 ${r.start.p95.toFixed(0)} ms; agent's Accept p50 ${r.accept.p50.toFixed(0)} ms`,
    `  round trip visitor → agent → visitor: p50 ${r.roundTrip.p50.toFixed(1)} ms, p95 ${r.roundTrip.p95.toFixed(1)} ms, p99 ${r.roundTrip.p99.toFixed(1)} ms (n=${r.roundTrip.n})`,
    `  replies later than 10 s ${r.late}`,
    `  errors ............... ${r.errors}${r.failures.map((f) => `\n    ${f}`).join("")}`,
    `  messages lost ........ ${r.lost} (must be 0)`,
    `  order violations ..... ${r.orderViolations} (must be 0)`,
  ];
}
