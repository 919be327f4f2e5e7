// A third-party website for the embed tests: one page that includes the chat's embed.js, on another origin.
// Usage: node e2e/host-site.mjs <port> <chat origin>
import { createServer } from "node:http";

const [port, chatOrigin] = [Number(process.argv[2]), process.argv[3]];
if (!port || !chatOrigin) throw new Error("usage: node e2e/host-site.mjs <port> <chat origin>");

const page = (lang, preload) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Example Shop</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<main>
  <h1>Example Shop</h1>
  <p>A page on another website that embeds the chat with one script tag.</p>
  <h2>Chat events</h2>
  <ol id="events" aria-label="Chat events"></ol>
</main>
<script src="${chatOrigin}/embed.js"${lang ? ` data-lang="${lang}"` : ""}${preload ? ` data-preload="${preload}"` : ""}></script>
<script>
  for (const type of ["opened", "closed", "unread", "ended"]) {
    FlexWebchat.on(type, (detail) => {
      const item = document.createElement("li");
      item.textContent = type + (detail && typeof detail.count === "number" ? " " + detail.count : "");
      document.getElementById("events").append(item);
    });
  }
</script>
</body>
</html>`;

/** A query value fit for an attribute (letters and dashes only), or null. */
const word = (value) => (value && /^[a-z-]{1,20}$/i.test(value) ? value : null);

createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname !== "/") {
    response.writeHead(404).end("Not found");
    return;
  }
  response
    .writeHead(200, { "content-type": "text/html; charset=utf-8" })
    .end(page(word(url.searchParams.get("lang")), word(url.searchParams.get("preload"))));
}).listen(port, "127.0.0.1");
