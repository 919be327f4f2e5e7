import { describe, expect, it } from "vitest";
import { z } from "zod";
import { preEngagementSchema } from "@/lib/pre-engagement";

function errors(input: Record<string, string>) {
  const result = preEngagementSchema.safeParse({ name: "", email: "", question: "", ...input });
  return result.success ? {} : z.flattenError(result.error).fieldErrors;
}

describe("preEngagementSchema", () => {
  it.each(["José", "李小龙", "Zoë O'Brien-Smith", "محمد"])("accepts the name %s", (name) => {
    expect(preEngagementSchema.safeParse({ name, email: "", question: "Hi" }).success).toBe(true);
  });

  it("requires a name with a letter and a question", () => {
    const e = errors({ name: "  " });
    expect(e.name).toEqual(["Please tell us your name."]);
    expect(e.question).toEqual(["Please tell us how we can help."]);
    expect(errors({ name: "12345", question: "q" }).name).toEqual(["Your name needs at least one letter."]);
  });

  it("bounds the lengths: name 80, question 1,000", () => {
    expect(errors({ name: "a".repeat(80), question: "q".repeat(1000) })).toEqual({});
    expect(errors({ name: "a".repeat(81), question: "q" }).name?.[0]).toMatch(/at most 80/);
    expect(errors({ name: "a", question: "q".repeat(1001) }).question?.[0]).toMatch(/under 1000/);
  });

  it("treats email as optional but validates it when given", () => {
    const ok = preEngagementSchema.parse({ name: "A", email: " ", question: "q" });
    expect(ok.email).toBeUndefined();
    expect(errors({ name: "A", email: "not-an-email", question: "q" }).email?.[0]).toMatch(/valid email/);
  });
});
