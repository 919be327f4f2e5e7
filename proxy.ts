import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { negotiateLocale } from "@/lib/i18n/negotiate";
import { LOCALE_HEADER, NONCE_HEADER, SANDBOX_HEADER, THEME_HEADER } from "@/lib/request-preferences";
import { SESSION_COOKIE, localeCookieOptions } from "@/lib/session/cookie";
import { THEME_COOKIE, chooseTheme } from "@/lib/theme";
import { PasswordThrottle, agentConsoleAccess } from "@/lib/security/agent-console";
import { clientIp } from "@/lib/rate-limit";
import { BARE_SECURITY_HEADERS, securityHeaders } from "@/lib/security/headers";

/** The largest form post or server action a page takes: the pre-engagement form is a few kilobytes. */
const PAGE_POST_MAX_BYTES = 256 * 1024;

function plain(status: number, sentence: string, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(sentence, {
    status,
    headers: { ...BARE_SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

const THROTTLE = Symbol.for("flex-webchat-next.console-throttle");
function throttle(): PasswordThrottle {
  const holder = globalThis as { [THROTTLE]?: PasswordThrottle };
  return (holder[THROTTLE] ??= new PasswordThrottle());
}

/** Guards the sandbox agent console, and sets a fresh CSP nonce and the security headers on every page. */
export async function proxy(request: NextRequest) {
  // A malformed percent-encoding in the path would make Next's own parameter decoding throw (a 500): refuse it here.
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return plain(400, "This address is not valid: it has a malformed %-encoding.");
  }
  if (request.nextUrl.pathname.startsWith("/api/")) {
    // Route handlers answer JSON, streams and media; an unknown path gets Next's HTML 404, which must not run either.
    const response = NextResponse.next();
    for (const [name, value] of Object.entries(BARE_SECURITY_HEADERS)) response.headers.set(name, value);
    return response;
  }
  // Form posts and server actions to pages carry a few kilobytes; Next would answer a body over its 1 MB action
  // limit with a 500. Browsers always send the length of a form post, so one without it is refused too.
  if (request.method === "POST") {
    const length = request.headers.get("content-length");
    if (length === null || !/^\d+$/.test(length))
      return plain(411, "Send the form from a browser: its length is missing.");
    if (Number(length) > PAGE_POST_MAX_BYTES) return plain(413, "This form is too large to send.");
  }
  const env = getEnv();
  const agentPath = request.nextUrl.pathname === "/agent" || request.nextUrl.pathname.startsWith("/agent/");
  // In Twilio mode the console does not exist at all: its pages answer 404 themselves.
  if (agentPath && env.mode === "sandbox") {
    // Where no client's address can be known, wrong passwords count against one shared budget.
    const client = clientIp(request.headers, env.hosting) ?? "everyone";
    const wait = await throttle().blockedFor(client);
    if (wait > 0) {
      return plain(429, `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute(s).`, {
        "retry-after": String(wait),
      });
    }
    const access = agentConsoleAccess(request.headers.get("authorization"), {
      production: env.nodeEnv === "production",
      password: env.agentConsolePassword,
    });
    if (!access.allowed && access.attempted) await throttle().failed(client);
    if (!access.allowed) {
      return plain(
        access.status,
        access.message,
        // Only a page navigation may raise the browser's sign-in prompt, never a background fetch or prefetch.
        access.status === 401 && request.headers.get("sec-fetch-dest") !== "empty" && !request.headers.has("rsc")
          ? { "www-authenticate": 'Basic realm="Agent console", charset="UTF-8"' }
          : {},
      );
    }
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const headers = securityHeaders({
    nonce,
    dev: env.nodeEnv === "development",
    twilio: env.mode === "twilio",
    frameAncestors: request.nextUrl.pathname === "/embed" ? env.embedOrigins : [],
    // Set by server.mjs from the connection (or a trusted proxy), or by the platform.
    https: request.headers.get("x-forwarded-proto") === "https",
  });
  // Next reads the policy from the request to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  // A client's own header of this name is never believed: the proxy sets it or removes it.
  if (env.mode === "sandbox") requestHeaders.set(SANDBOX_HEADER, "sandbox");
  else requestHeaders.delete(SANDBOX_HEADER);
  // The agent console is a staff tool in English; visitors' pages speak the visitor's language.
  const param = request.nextUrl.searchParams.get("lang");
  const locale = agentPath
    ? "en"
    : negotiateLocale({
        param,
        cookie: request.cookies.get(LOCALE_COOKIE)?.value,
        acceptLanguage: request.headers.get("accept-language"),
      });
  requestHeaders.set(LOCALE_HEADER, locale);
  const themeParam = request.nextUrl.searchParams.get("theme");
  const theme = chooseTheme(themeParam, request.cookies.get(THEME_COOKIE)?.value);
  requestHeaders.set(THEME_HEADER, theme);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  // A visitor who switches language mid-chat keeps it; before a chat starts nothing is stored (the choice rides
  // in the URL), so the cookie is only written for someone who already has a session.
  if (!agentPath && request.cookies.has(SESSION_COOKIE)) {
    if (param === locale) response.cookies.set(LOCALE_COOKIE, locale, localeCookieOptions(env));
    if (themeParam === theme) response.cookies.set(THEME_COOKIE, theme, localeCookieOptions(env));
  }
  return response;
}

export const config = {
  matcher: [
    // Pages, prefetches included (a prefetch may be served a whole page, which needs its CSP like any other);
    // not static assets.
    "/((?!api|_next/static|_next/image|favicon.ico|chat-icon.svg).*)",
    // The agent console is guarded on every request, prefetches included.
    "/agent/:path*",
    // The API for the path check and the headers above, only for requests without a body: with a proxy in the way,
    // Next buffers a request body and cuts it at 10 MB (proxyClientMaxBodySize), which would hand an upload's
    // handler a truncated file instead of letting it refuse an oversized one.
    {
      source: "/api/:path*",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
  ],
};
