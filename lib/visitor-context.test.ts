import jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CONTEXT_AUDIENCE,
  SUBJECT_MAX,
  readKnownIdentity,
  readVisitorContext,
  signVisitorContext,
} from "@/lib/visitor-context";
import { widgetConfig } from "@/lib/widget-config";

const secret = "context-secret-0123456789abcdefghijklmnop";
const fields = widgetConfig.preEngagement.fields;

afterEach(() => vi.useRealTimers());

describe("a signed visitor context", () => {
  it("vouches for the configured fields it carries, and nothing else", () => {
    const token = signVisitorContext(
      { name: "Ada Lovelace", email: "ada@example.com", transcript: true, role: "admin" },
      secret,
    );
    expect(readVisitorContext(token, secret, fields)).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      transcript: true,
    });
  });

  it("is refused when forged, signed with another secret, expired, too long-lived or meant for something else", () => {
    const good = signVisitorContext({ name: "Ada" }, secret);
    const [header, , signature] = good.split(".");
    const payload = Buffer.from(
      JSON.stringify({ fields: { name: "Mallory" }, aud: CONTEXT_AUDIENCE, iat: 1, exp: 9e9 }),
    ).toString("base64url");
    expect(readVisitorContext(`${header}.${payload}.${signature}`, secret, fields)).toBeNull();
    expect(
      readVisitorContext(signVisitorContext({ name: "Ada" }, "another-secret-0123456789abcdefghijkl"), secret, fields),
    ).toBeNull();
    expect(
      readVisitorContext(jwt.sign({ fields: { name: "Ada" } }, secret, { expiresIn: 60 }), secret, fields),
    ).toBeNull();
    expect(
      readVisitorContext(
        jwt.sign({ fields: { name: "Ada" } }, secret, { audience: CONTEXT_AUDIENCE, expiresIn: "1d" }),
        secret,
        fields,
      ),
    ).toBeNull();
    expect(
      readVisitorContext(jwt.sign({ fields: { name: "Ada" } }, secret, { audience: CONTEXT_AUDIENCE }), secret, fields),
    ).toBeNull();
    // Issued an hour ahead: without a check of iat it would stay valid for two.
    const ahead = Math.floor(Date.now() / 1000) + 3600;
    const future = jwt.sign({ fields: { name: "Ada" }, aud: CONTEXT_AUDIENCE, iat: ahead, exp: ahead + 600 }, secret);
    expect(readVisitorContext(future, secret, fields)).toBeNull();
    const skewed = Math.floor(Date.now() / 1000) + 30;
    const slightly = jwt.sign(
      { fields: { name: "Ada" }, aud: CONTEXT_AUDIENCE, iat: skewed, exp: skewed + 600 },
      secret,
    );
    expect(readVisitorContext(slightly, secret, fields)).toEqual({ name: "Ada" });
    const none = jwt.sign({ fields: { name: "Ada" }, aud: CONTEXT_AUDIENCE, exp: 9e9 }, "", { algorithm: "none" });
    expect(readVisitorContext(none, secret, fields)).toBeNull();

    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + 11 * 60_000);
    expect(readVisitorContext(good, secret, fields)).toBeNull();
  });

  it("is ignored when no secret is configured or the token is missing", () => {
    expect(readVisitorContext(signVisitorContext({ name: "Ada" }, secret), undefined, fields)).toBeNull();
    expect(readVisitorContext(undefined, secret, fields)).toBeNull();
    expect(readVisitorContext("x".repeat(5000), secret, fields)).toBeNull();
  });
});

describe("a known visitor's identity (the context's sub)", () => {
  it("is the same for the same person on every visit, different for another, and reveals nothing of the id", () => {
    const ada = readKnownIdentity(signVisitorContext({}, secret, 600, "user-42"), secret);
    expect(ada).toMatch(/^known_[0-9a-f]{40}$/);
    expect(ada).not.toContain("42");
    expect(readKnownIdentity(signVisitorContext({ name: "Ada" }, secret, 60, "user-42"), secret)).toBe(ada);
    expect(readKnownIdentity(signVisitorContext({}, secret, 600, "user-43"), secret)).not.toBe(ada);
    // Keyed with the secret: another site's (or a rotated) secret gives another identity for the same id.
    const otherSecret = "another-secret-0123456789abcdefghijklmno";
    expect(readKnownIdentity(signVisitorContext({}, otherSecret, 600, "user-42"), otherSecret)).not.toBe(ada);
  });

  it("is null without a sub, for a blank or overlong one, and for any context that is not valid", () => {
    expect(readKnownIdentity(signVisitorContext({ name: "Ada" }, secret), secret)).toBeNull();
    expect(readKnownIdentity(signVisitorContext({}, secret, 600, "   "), secret)).toBeNull();
    expect(readKnownIdentity(signVisitorContext({}, secret, 600, "u".repeat(SUBJECT_MAX + 1)), secret)).toBeNull();
    expect(
      readKnownIdentity(signVisitorContext({}, "wrong-secret-0123456789abcdefghijklmn", 600, "u1"), secret),
    ).toBeNull();
    const forged = jwt.sign({ fields: {}, sub: "user-42" }, "not-the-secret", { audience: CONTEXT_AUDIENCE });
    expect(readKnownIdentity(forged, secret)).toBeNull();
    vi.useFakeTimers({ now: Date.now() });
    const token = signVisitorContext({}, secret, 60, "user-42");
    vi.setSystemTime(Date.now() + 61_000);
    expect(readKnownIdentity(token, secret)).toBeNull();
    expect(readKnownIdentity(signVisitorContext({}, secret, 600, "user-42"), undefined)).toBeNull();
  });
});
