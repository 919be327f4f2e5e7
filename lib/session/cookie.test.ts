import { describe, expect, it } from "vitest";
import { cookieAttributes } from "@/lib/session/cookie";

describe("cookieAttributes", () => {
  it("are httpOnly and SameSite=Lax on the chat's own site, Secure in production", () => {
    expect(cookieAttributes({ embedOrigins: [], nodeEnv: "development" })).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      partitioned: undefined,
      path: "/",
    });
    expect(cookieAttributes({ embedOrigins: [], nodeEnv: "production" }).secure).toBe(true);
  });

  it("work in other sites' iframes when embedding is allowed: SameSite=None, Secure, Partitioned", () => {
    expect(cookieAttributes({ embedOrigins: ["https://shop.example.com"], nodeEnv: "development" })).toMatchObject({
      sameSite: "none",
      secure: true,
      partitioned: true,
    });
  });
});
