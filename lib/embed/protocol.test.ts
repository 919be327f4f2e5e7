import { describe, expect, it } from "vitest";
import { HOST_SOURCE, INVITATION_MAX, readHostMessage, readInvitation, readPageContext } from "@/lib/embed/protocol";

describe("readHostMessage", () => {
  it("reads the host's visibility and prefill messages", () => {
    expect(readHostMessage({ source: HOST_SOURCE, type: "visibility", open: true })).toEqual({
      source: HOST_SOURCE,
      type: "visibility",
      open: true,
    });
    expect(
      readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: "Ada", transcript: true } }),
    ).toEqual({
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
    expect(readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { __proto__x: "a" } })).toBeNull();
    expect(
      readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: { html: "<b>" } } }),
    ).toBeNull();
    expect(
      readHostMessage({ source: HOST_SOURCE, type: "pre-engagement", values: { name: "x".repeat(4001) } }),
    ).toBeNull();
  });

  it("reads the host's page: a path of its own and a title, bounded, nothing else", () => {
    const page = (path: unknown, title: unknown = "Shoes") =>
      readHostMessage({ source: HOST_SOURCE, type: "page", path, title });
    expect(page("/shop/shoes?size=42")).toEqual({
      source: HOST_SOURCE,
      type: "page",
      path: "/shop/shoes?size=42",
      title: "Shoes",
    });
    expect(page("https://evil.example/x")).toBeNull();
    expect(page("//evil.example/x")).toBeNull();
    expect(page("/" + "a".repeat(600))).toBeNull();
    expect(page("/ok", "t".repeat(300))).toBeNull();
    expect(page("/ok", "bell\u0007")).toBeNull();
    expect(page("/ok", 42)).toBeNull();
    expect(readPageContext({ path: "/a", title: "" })).toEqual({ path: "/a", title: "" });
  });
});

describe("an invitation's greeting from the host page", () => {
  it("is plain text of at most INVITATION_MAX characters, trimmed; anything else is dropped", () => {
    expect(readHostMessage({ source: HOST_SOURCE, type: "invitation", message: "  Need a hand? " })).toEqual({
      source: HOST_SOURCE,
      type: "invitation",
      message: "Need a hand?",
    });
    expect(
      readHostMessage({ source: HOST_SOURCE, type: "invitation", message: "x".repeat(INVITATION_MAX + 1) }),
    ).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "invitation", message: "line\nbreak" })).toBeNull();
    expect(readHostMessage({ source: HOST_SOURCE, type: "invitation", message: { html: "<b>" } })).toBeNull();
    expect(readInvitation("   ")).toBeNull();
    expect(readInvitation(null)).toBeNull();
  });
});
