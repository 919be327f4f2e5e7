// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time: by function and by where the code lives (our
// modules, a package, Node itself), so a bench can say where a request's time went.
import { readFileSync } from "node:fs";

function place(url) {
  if (!url) return "(native / GC / idle)";
  if (url.startsWith("node:")) return "node";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const chunk = /\.next\/server\/(.*)/.exec(url);
  if (chunk) return `.next/server (our code, bundled)`;
  return url.replace(/^file:\/\/.*?\/(?=[^/]+\/[^/]+$)/, "");
}

export function summarize(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map();
  const byPlace = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || (functionName === "(program)" && !url)) {
      if (functionName === "(idle)") continue;
    }
    total += us;
    const name = `${functionName || "(anonymous)"} ${place(url)}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const where = functionName === "(garbage collector)" ? "(garbage collector)" : place(url);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, byPlace: rank(byPlace), byFunction: rank(byFunction) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { totalMs, byPlace, byFunction } = summarize(process.argv[2], Number(process.argv[3] ?? 15));
  console.log(`busy ${totalMs.toFixed(0)} ms`);
  for (const r of byPlace) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
  console.log("top functions (self time)");
  for (const r of byFunction) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}
