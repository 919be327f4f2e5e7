import { describe, expect, it } from "vitest";
import { PasswordThrottle, agentConsoleAccess } from "@/lib/security/agent-console";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("agentConsoleAccess", () => {
  it("is open in development without a password", () => {
    expect(agentConsoleAccess(null, { production: false, password: undefined })).toEqual({ allowed: true });
  });

  it("is closed in production without a password, with a sentence saying how to open it", () => {
    expect(agentConsoleAccess(basic("agent", "anything"), { production: true, password: undefined })).toMatchObject({
      allowed: false,
      status: 403,
      message: expect.stringMatching(/AGENT_CONSOLE_PASSWORD/),
    });
  });

  it("asks for the password when one is set, and accepts only the right one", () => {
    const options = { production: true, password: "correct horse battery" };
    expect(agentConsoleAccess(null, options)).toMatchObject({ allowed: false, status: 401 });
    expect(agentConsoleAccess(basic("agent", "wrong"), options)).toMatchObject({ allowed: false, status: 401 });
    expect(agentConsoleAccess(basic("admin", "correct horse battery"), options)).toMatchObject({ allowed: false });
    expect(agentConsoleAccess(basic("agent", "correct horse battery"), options)).toEqual({ allowed: true });
  });

  it("reads the scheme in any case, and says whether a wrong password was tried", () => {
    const options = { production: true, password: "correct horse battery" };
    const lower = basic("agent", "correct horse battery").replace("Basic", "basic");
    expect(agentConsoleAccess(lower, options)).toEqual({ allowed: true });
    expect(agentConsoleAccess(basic("agent", "correct horse battery").replace("Basic", "BASIC"), options)).toEqual({
      allowed: true,
    });
    expect(agentConsoleAccess(null, options)).toMatchObject({ attempted: false });
    expect(agentConsoleAccess(basic("agent", "nope"), options)).toMatchObject({ attempted: true });
    expect(agentConsoleAccess("Bearer abc", options)).toMatchObject({ allowed: false, attempted: true });
  });
});

describe("PasswordThrottle", () => {
  it("stops a client after ten wrong passwords, for minutes, without stopping others", async () => {
    const throttle = new PasswordThrottle();
    for (let i = 0; i < 9; i++) await throttle.failed("203.0.113.7");
    expect(await throttle.blockedFor("203.0.113.7")).toBe(0);
    await throttle.failed("203.0.113.7");
    const wait = await throttle.blockedFor("203.0.113.7");
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(600);
    expect(await throttle.blockedFor("198.51.100.1")).toBe(0);
  });

  it("slows the whole site after a hundred wrong passwords from changing addresses", async () => {
    const throttle = new PasswordThrottle();
    for (let i = 0; i < 100; i++) await throttle.failed(`10.0.${Math.floor(i / 200)}.${i % 200}`);
    expect(await throttle.blockedFor("198.51.100.1")).toBeGreaterThan(0);
  });
});
