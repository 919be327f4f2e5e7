import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { outOfBounds, type Bounds, type Constraint } from "@/lib/sandbox/request-constraints";
import { TWILIO_REQUEST_CONSTRAINTS } from "@/lib/sandbox/twilio-constraints";
import { extractConstraints, renderConstraints } from "@/lib/testing/oai-constraints";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";

// Table-driven from Twilio's own documents: every bounded request parameter, and for each of its bounds a value just
// outside it. The sandbox must refuse each one as Twilio would, so a request Twilio would refuse cannot pass here.

const fixture = createSandboxFixture();
afterAll(() => fixture.close());

/** A value that breaks exactly this bound. */
function breaking(bound: keyof Bounds, bounds: Bounds): string {
  switch (bound) {
    case "enum":
      return "not-a-documented-value";
    case "pattern":
      return "!";
    case "maxLength":
      return "x".repeat(bounds.maxLength! + 1);
    case "minLength":
      return "x".repeat(Math.max(0, bounds.minLength! - 1));
    case "maximum":
      return String(bounds.maximum! + 1);
    case "minimum":
      return String(bounds.minimum! - 1);
  }
}

/** A well-formed value for another path parameter of the same route (a SID of the documented prefix). */
function filler(constraint: Constraint, name: string): string {
  const documented = TWILIO_REQUEST_CONSTRAINTS.find(
    (c) => c.path === constraint.path && c.in === "path" && c.name === name,
  );
  const prefix = documented?.bounds.pattern?.match(/^\^([A-Z]{2})\[/)?.[1];
  return prefix ? `${prefix}${"0".repeat(32)}` : "unknown";
}

function request(constraint: Constraint, value: string): Request {
  const path = constraint.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(constraint.in === "path" && name === constraint.name ? value : filler(constraint, name)),
  );
  const url = new URL(`https://${constraint.host}${path}`);
  const headers = new Headers({
    authorization: `Basic ${Buffer.from(`${fixture.ctx.settings.apiKeySid}:${fixture.ctx.settings.apiKeySecret}`).toString("base64")}`,
  });
  let body: string | undefined;
  if (constraint.in === "query") url.searchParams.set(constraint.name, value);
  if (constraint.in === "header") headers.set(constraint.name, value);
  if (constraint.in === "form") {
    body = new URLSearchParams({ [constraint.name]: value }).toString();
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  return new Request(url, { method: constraint.method, headers, body });
}

const cases = TWILIO_REQUEST_CONSTRAINTS.flatMap((constraint) =>
  (Object.keys(constraint.bounds) as (keyof Bounds)[]).map((bound) => ({
    title: `${constraint.method} ${constraint.host}${constraint.path} ${constraint.in} ${constraint.name} (${bound})`,
    constraint,
    value: breaking(bound, constraint.bounds),
  })),
);

describe("the sandbox holds every request to the bounds of Twilio's OpenAPI documents", () => {
  it("enforces the table generated from the vendored documents, unedited", () => {
    expect(readFileSync("lib/sandbox/twilio-constraints.ts", "utf8")).toBe(renderConstraints(extractConstraints()));
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases)("refuses $title", async ({ constraint, value }) => {
    expect(outOfBounds(value, constraint.bounds)).not.toBeNull();
    const response = await handleRestRequest(fixture.sandbox, request(constraint, value));
    const answer = (await response.json()) as { code: number; message: string };
    if (constraint.in === "path") {
      // An address with a malformed SID names no resource: Twilio answers 404.
      expect([response.status, answer.code]).toEqual([404, 20404]);
    } else {
      expect([response.status, answer.code]).toEqual([400, 20001]);
      expect(answer.message).toContain(`Invalid parameter ${constraint.name}: `);
    }
  });

  it("is able to fail: a value inside every bound is no refusal", () => {
    expect(outOfBounds("50", { minimum: 1, maximum: 50 })).toBeNull();
    expect(
      outOfBounds(`IS${"a".repeat(32)}`, { minLength: 34, maxLength: 34, pattern: "^IS[0-9a-fA-F]{32}$" }),
    ).toBeNull();
    expect(outOfBounds("wrapup", { enum: ["closed", "wrapup"] })).toBeNull();
  });
});
