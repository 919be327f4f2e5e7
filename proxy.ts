import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { securityHeaders } from "@/lib/security/headers";

/** Sets a fresh CSP nonce and the security headers on every page response. */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const env = getEnv();
  const headers = securityHeaders({ nonce, dev: env.nodeEnv === "development", twilio: env.mode === "twilio" });
  // Next reads the policy from the request to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API (JSON, streams, media), not static assets, not prefetches.
      source: "/((?!api|_next/static|_next/image|favicon.ico|chat-icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
