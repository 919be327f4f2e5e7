// Small static web servers for `npm run bench`: a host page of another origin that carries our embed.js, and the
// production build of Twilio's own web chat (the anchor we measure against), each gzip-compressed as a CDN would
// serve it. Loopback only; stopped when the bench exits.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
};

function listen(handler, port = 0) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(port, "127.0.0.1", () => resolve({ port: server.address().port, close: () => server.close() }));
  });
}

/** Sends `body` (gzipped when the browser accepts it); `gzipBody` gives the gzipped bytes, cached by the caller. */
function send(request, response, type, body, gzipBody = () => gzipSync(body)) {
  const gzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "") && !type.startsWith("image/");
  response.writeHead(200, { "content-type": type, ...(gzip ? { "content-encoding": "gzip" } : {}) });
  response.end(gzip ? gzipBody() : body);
}

/**
 * A shop's page on another origin (`http://localhost:<port>`; the chat is on `http://127.0.0.1:<port>`, another site)
 * with our one script tag. `?preload=` sets data-preload.
 */
export async function startHostPage(chatBase, port) {
  const site = await listen((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/") return void response.writeHead(404).end();
    const preload = url.searchParams.get("preload");
    const attribute = preload ? ` data-preload="${preload.replace(/[^a-z]/g, "")}"` : "";
    send(
      request,
      response,
      TYPES[".html"],
      `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Example Shop</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem"><main><h1>Example Shop</h1>
<p>A page on another website with the chat's one script tag.</p></main>
<script src="${chatBase}/embed.js"${attribute} async></script></body></html>`,
    );
  }, port);
  return { url: `http://localhost:${site.port}/`, origin: `http://localhost:${site.port}`, close: site.close };
}

/** Serves a built single-page app (index.html and its static files) from `dir`. */
export async function startStaticSite(dir) {
  const cache = new Map();
  const site = await listen(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file = path.join(dir, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
    if (!file.startsWith(dir)) return void response.writeHead(400).end();
    try {
      if (!cache.has(file)) {
        const bytes = await readFile(file);
        cache.set(file, { bytes, gzipped: gzipSync(bytes) });
      }
      const { bytes, gzipped } = cache.get(file);
      send(request, response, TYPES[path.extname(file)] ?? "application/octet-stream", bytes, () => gzipped);
    } catch {
      response.writeHead(404).end();
    }
  });
  return { url: `http://localhost:${site.port}/`, close: site.close };
}
