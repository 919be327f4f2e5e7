// The app's server: Next's own request handler behind one step that decides, from TRUST_PROXY, which forwarded
// headers are facts (lib/proxy-trust.mjs). Next leaves a client's own X-Forwarded-For in place, so without this step
// anyone could pick the address their rate limits are counted under. Vercel runs the app its own way and sets the
// header itself (TRUST_PROXY=vercel).
//   node server.mjs [--dev] [-p PORT] [-H HOST]      (npm run dev / npm start)
import { createServer } from "node:http";
import { normalizeForwardedHeaders, parseProxyTrust } from "./lib/proxy-trust.mjs";

const args = process.argv.slice(2);
const option = (short, long, fallback) => {
  const index = args.findIndex((arg) => arg === short || arg === long);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const dev = args.includes("--dev");
// As `next dev` / `next start` set it, before Next is loaded.
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(option("-p", "--port", process.env.PORT ?? "3000"));
const hostname = option("-H", "--hostname", process.env.HOSTNAME ?? (dev ? "localhost" : "0.0.0.0"));

let trust;
try {
  trust = parseProxyTrust(process.env.TRUST_PROXY);
} catch (error) {
  console.error(`Invalid configuration:\n  - ${error.message}\nSee .env.example.`);
  process.exit(1);
}

const { default: next } = await import("next");
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
createServer((request, response) => {
  normalizeForwardedHeaders(trust, request);
  return handle(request, response);
}).listen(port, hostname, () => {
  console.log(`▲ Ready on http://${hostname}:${port} (${dev ? "development" : "production"}; TRUST_PROXY=${process.env.TRUST_PROXY || "off"})`);
  const loopback = /^(127\.|localhost$|::1$)/.test(hostname);
  if (!dev && !loopback && trust.kind === "off") {
    console.warn(
      "! This server speaks plain HTTP on a public address and trusts no proxy in front of it. Browsers drop the\n" +
        "  Secure session cookie over HTTP, so chats will not resume: put HTTPS in front (a reverse proxy or your\n" +
        "  platform) and set TRUST_PROXY to the number of proxies, or serve it on loopback behind one.",
    );
  }
});
