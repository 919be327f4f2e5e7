import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security/headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("securityHeaders", () => {
  it("allows only nonce'd scripts in production, with no eval and no inline script", () => {
    const csp = securityHeaders({ nonce: "abc", dev: false, twilio: false })["Content-Security-Policy"]!;
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'self'");
    expect(directive(csp, "connect-src")).toBe("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it("opens Twilio's hosts only in Twilio mode, and eval only in development", () => {
    const csp = securityHeaders({ nonce: "n", dev: true, twilio: true })["Content-Security-Policy"]!;
    expect(directive(csp, "connect-src")).toBe("connect-src 'self' https://*.twilio.com wss://*.twilio.com");
    expect(directive(csp, "script-src")).toMatch(/'unsafe-eval'$/);
  });

  it("lets the allowed sites frame a page when told to, and no one else", () => {
    const csp = securityHeaders({
      nonce: "n",
      dev: false,
      twilio: false,
      frameAncestors: ["https://shop.example.com"],
    })["Content-Security-Policy"]!;
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'self' https://shop.example.com");
  });

  it("sets nosniff, a referrer policy and a permissions policy", () => {
    const headers = securityHeaders({ nonce: "n", dev: false, twilio: false });
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\)/);
  });

  it("asks to upgrade subresources only for a page that came over HTTPS", () => {
    const over = (https: boolean) =>
      securityHeaders({ nonce: "n", dev: false, twilio: false, https })["Content-Security-Policy"]!;
    expect(over(true)).toMatch(/upgrade-insecure-requests/);
    expect(over(false)).not.toMatch(/upgrade-insecure-requests/);
  });
});
