/**
 * The security headers of every page. Scripts need this response's nonce ('strict-dynamic' lets Next's own loader
 * pull in its chunks), so an injected inline script cannot run. Styles allow inline because the server-rendered chat
 * (the virtual list) positions rows with style attributes; styles cannot run code.
 */
export function securityHeaders({
  nonce,
  dev,
  twilio,
  frameAncestors = [],
  https = true,
}: {
  nonce: string;
  dev: boolean;
  twilio: boolean;
  /** The request reached the site over HTTPS (as server.mjs / the platform reports it). */
  https?: boolean;
  /** Other origins that may frame this response (the embeddable chat's allow-list); this site always may. */
  frameAncestors?: string[];
}): Record<string, string> {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Twilio serves attachments from short-lived links on its own and its storage providers' hosts.
    `img-src 'self' blob: data:${twilio ? " https:" : ""}`,
    "font-src 'self'",
    // @twilio/conversations keeps a websocket and makes HTTPS calls to Twilio; the sandbox is same-origin.
    `connect-src 'self'${twilio ? " https://*.twilio.com wss://*.twilio.com" : ""}`,
    `media-src 'self'${twilio ? " https:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // This site may frame its pages (the launcher's panel); only the embeddable chat names other sites.
    `frame-ancestors ${["'self'", ...frameAncestors].join(" ")}`,
  ];
  // Only a page that came over HTTPS asks for its subresources over HTTPS: on a plain-HTTP host the directive would
  // rewrite every script and form post to an https:// that does not answer (server.mjs warns about such hosts).
  if (!dev && https) directives.push("upgrade-insecure-requests");
  return {
    "Content-Security-Policy": directives.join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}

/**
 * The headers of every answer that is not a page of ours (the API, the console's 401, a refusal, an HTML 404
 * under /api): nothing in it may run, be framed or be sniffed into another type.
 */
export const BARE_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};
