import { describe, expect, it } from "vitest";
import { HOST_SOURCE, readHostMessage } from "@/lib/embed/protocol";

describe("readHostMessage", () => {
  it("reads the host's visibility and prefill messages", () => {
    expect(readHostMessage({ source: HOST_SOURCE, type: "visibility", open: true })).toEqual({
      source: HOST_SOURCE,
      type: "visibility",
      open: true,
    });
    expect(readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: "Ada", transcript: true } })).toEqual({
      source: HOST_SOURCE,
      type: "pre-engagement",
      values: { name: "Ada", transcript: true },
    });
  });

  it("ignores anything else: other sources, shapes, field names and oversized values", () => {
    expect(readHostMessage("open")).toBeNull();
    expect(readHostMessage(null)).toBeNull();
    expect(readHostMessage({ source: "someone-else", type: "visibility", open: true })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "visibility", open: "yes" })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "navigate", url: "javascript:alert(1)" })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { "__proto__x": "a" } })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: { html: "<b>" } } })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: "x".repeat(4001) } })).toBeNull();
  });
});
