// A stand-in for Twilio's REST APIs, for tests: Prism's mock of Twilio's OpenAPI documents (Flex v1 and v2,
// Conversations v1, TaskRouter v1), behind a recording proxy on one loopback port.
// Usage: node scripts/prism-twilio.mjs [port]
//
// Requests arrive as http://127.0.0.1:<port>/<twilio host>/<path> (lib/twilio/rewrite-http-client.ts), because
// two APIs share paths on different hosts (`/v1/Configuration` is Flex's and Conversations'). The proxy records
// every request and can answer chosen ones itself (a fault, or a stateful answer Prism's examples cannot give):
//   GET    /__recorder/requests   → [{ method, host, path, query, headers, body, status }]
//   POST   /__recorder/script     ← { method, path (a RegExp source, matched against "/<host>/<path>"),
//                                      status, body?, times? }
//   DELETE /__recorder            → forget requests and scripts
// Scripted 2xx answers must themselves follow Twilio's documents; the specs that script them say why.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const port = Number(process.argv[2] ?? "4010");
const here = path.dirname(fileURLToPath(import.meta.url));
const documents = [
  "twilio_flex_v2.json",
  "twilio_flex_v1.interactions-subset.json",
  "twilio_conversations_v1.webchat-subset.json",
  "twilio_conversations_v1.orchestration-subset.json",
  "twilio_taskrouter_v1.tasks-subset.json",
  "twilio_conversations_v1.participant-conversations-subset.json",
].map((file) => JSON.parse(readFileSync(path.join(here, "../lib/testing/twilio-oai", file), "utf8")));

// One document for all: each path under its host, components merged (their names do not collide).
const merged = {
  ...documents[0],
  servers: [{ url: "http://127.0.0.1" }],
  paths: {},
  components: { schemas: {}, securitySchemes: {} },
};
for (const document of documents) {
  const host = new URL(document.servers[0].url).host;
  for (const [route, item] of Object.entries(document.paths)) {
    delete item.servers;
    merged.paths[`/${host}${route}`] = item;
  }
  Object.assign(merged.components.schemas, document.components.schemas);
  Object.assign(merged.components.securitySchemes, document.components.securitySchemes);
}
const file = path.join(mkdtempSync(path.join(tmpdir(), "prism-")), "twilio.json");
writeFileSync(file, JSON.stringify(merged));

const prismPort = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist/index.js");
const prism = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", String(prismPort), file], {
  stdio: ["ignore", "pipe", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => prism.kill(signal));
prism.on("exit", (code) => process.exit(code ?? 0));
await new Promise((resolve) => {
  let output = "";
  prism.stdout.on("data", (chunk) => {
    output += chunk.toString();
    if (output.includes("Prism is listening")) resolve();
  });
});

let requests = [];
let scripts = [];
const MAX_BODY = 1024 * 1024;

function send(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body === undefined ? "" : JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  let size = 0;
  request.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) request.destroy();
    else chunks.push(chunk);
  });
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__recorder/requests") return send(response, 200, requests);
    if (url.pathname === "/__recorder" && request.method === "DELETE") {
      requests = [];
      scripts = [];
      return send(response, 204);
    }
    if (url.pathname === "/__recorder/script" && request.method === "POST") {
      const script = JSON.parse(body.toString("utf8"));
      scripts.push({ ...script, pattern: new RegExp(script.path), times: script.times ?? 1 });
      return send(response, 201, { ok: true });
    }
    const [, host = "", ...rest] = url.pathname.split("/");
    const headers = { ...request.headers };
    delete headers.authorization;
    const record = {
      method: request.method,
      host,
      path: `/${rest.join("/")}`,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: body.toString("utf8"),
      status: 0,
    };
    requests.push(record);
    const script = scripts.find((s) => s.times > 0 && s.method === request.method && s.pattern.test(url.pathname));
    if (script) {
      script.times -= 1;
      record.status = script.status;
      return send(response, script.status, script.body);
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: prismPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        record.status = answer.statusCode ?? 502;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => send(response, 502, { code: 20500, message: "Prism is not answering", status: 502 }));
    upstream.end(body);
  });
});
server.listen(port, "127.0.0.1", () => console.log(`Twilio stand-in is listening on http://127.0.0.1:${port}`));
