import { describe, expect, it } from "vitest";
import { SandboxError, isSandboxError, notFound } from "@/lib/sandbox/errors";

describe("isSandboxError", () => {
  it("knows a sandbox failure by its shape, also one made by another copy of the module", () => {
    expect(isSandboxError(notFound("/x"))).toBe(true);
    // What a second bundle's class would produce: same name and fields, another constructor.
    class OtherCopy extends Error {
      constructor(
        readonly status: number,
        readonly code: number | null,
        message: string,
      ) {
        super(message);
        this.name = "SandboxError";
      }
    }
    expect(new OtherCopy(409, 50377, "closed") instanceof SandboxError).toBe(false);
    expect(isSandboxError(new OtherCopy(409, 50377, "closed"))).toBe(true);
    expect(isSandboxError(new OtherCopy(413, null, "too large"))).toBe(true);
  });

  it("refuses anything else", () => {
    expect(isSandboxError(new Error("boom"))).toBe(false);
    expect(isSandboxError({ name: "SandboxError", status: 409, code: 1 })).toBe(false);
    expect(isSandboxError(Object.assign(new Error("x"), { name: "SandboxError", status: 200, code: 1 }))).toBe(false);
  });
});
