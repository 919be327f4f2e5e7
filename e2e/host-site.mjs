// A third-party website for the embed tests: one page that includes the chat's embed.js, on another origin.
// Usage: node e2e/host-site.mjs <port> <chat origin>
import { createServer } from "node:http";

const [port, chatOrigin] = [Number(process.argv[2]), process.argv[3]];
if (!port || !chatOrigin) throw new Error("usage: node e2e/host-site.mjs <port> <chat origin>");

/** The tag's optional attributes, from the page's query (each already checked by `allowed` below). */
const attributes = (options) =>
  Object.entries(options)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => ` data-${name}="${value}"`)
    .join("");

const page = (options) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Example Shop</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<main>
  <h1>Example Shop</h1>
  <p>A page on another website that embeds the chat with one script tag.</p>
  <h2>Chat events</h2>
  <ol id="events" aria-label="Chat events"></ol>
</main>
<script src="${chatOrigin}/embed.js"${attributes(options)}></script>
<script>
  for (const type of ["opened", "closed", "unread", "ended", "invitation"]) {
    FlexWebchat.on(type, (detail) => {
      const item = document.createElement("li");
      item.textContent =
        type +
        (detail && typeof detail.count === "number" ? " " + detail.count : "") +
        (detail && typeof detail.state === "string" ? " " + detail.state : "");
      document.getElementById("events").append(item);
    });
  }
</script>
</body>
</html>`;

/** A query value fit for an attribute (what `pattern` allows, nothing to escape), or null. */
const allowed = (value, pattern) => (value && pattern.test(value) ? value : null);
const word = /^[a-z-]{1,20}$/i;

createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  // The shop's pages: an invitation's page rules are tried on them.
  if (!["/", "/pricing", "/pricing/teams", "/about"].includes(url.pathname)) {
    response.writeHead(404).end("Not found");
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
    page({
      lang: allowed(url.searchParams.get("lang"), word),
      preload: allowed(url.searchParams.get("preload"), word),
      invite: allowed(url.searchParams.get("invite"), /^[\w ?!.,']{1,200}$/),
      "invite-after": allowed(url.searchParams.get("invite-after"), /^\d{1,4}$/),
      "invite-pages": allowed(url.searchParams.get("invite-pages"), /^[\w/*,-]{1,100}$/),
    }),
  );
}).listen(port, "127.0.0.1");
