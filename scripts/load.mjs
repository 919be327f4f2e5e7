// `npm run load`: the load test (scripts/lib/load-test.mjs) against a production build in sandbox mode, on loopback.
// LOAD_VISITORS, LOAD_MESSAGES, LOAD_PAUSE_MS (0 = flat out), LOAD_DEADLINE_MS. Stops its server when done.
import { startAppServer } from "./lib/app-server.mjs";
import { describeLoad, runLoad } from "./lib/load-test.mjs";

const options = {
  visitors: Number(process.env.LOAD_VISITORS ?? 200),
  messages: Number(process.env.LOAD_MESSAGES ?? 20),
  pauseMs: Number(process.env.LOAD_PAUSE_MS ?? 3_000),
  deadlineMs: Number(process.env.LOAD_DEADLINE_MS ?? 300_000),
};
const { base, stop, rss } = await startAppServer({ build: !process.argv.includes("--no-build") });
const rssBefore = rss();
console.log(
  `Load: ${options.visitors} visitors × ${options.messages} messages, ${options.pauseMs} ms between a reply and the next message, against ${base} (sandbox mode, production build)`,
);
const result = await runLoad(base, { ...options, onProgress: (line) => console.log(line) });
const rssAfter = rss();
stop();
for (const line of describeLoad(result)) console.log(line);
console.log(`  server RSS ........... ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after`);
process.exit(result.lost || result.orderViolations ? 1 : 0);
