import { describe, expect, it } from "vitest";
import { agentConsoleAccess } from "@/lib/security/agent-console";

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
});
