import { describe, expect, it } from "vitest";
import { surfaceOf, surfacePath } from "@/lib/surface";

describe("surfaces", () => {
  it("reads what the browser sent, defaulting to the full page", () => {
    expect(surfaceOf("embed")).toBe("embed");
    expect(surfaceOf("embed:https://shop.example.com")).toBe("embed:https://shop.example.com");
    expect(surfaceOf("https://evil.example")).toBe("page");
    expect(surfaceOf(null)).toBe("page");
  });

  it("returns to the same place, keeping only an allowed embedding origin", () => {
    const allowed = ["https://shop.example.com"];
    expect(surfacePath("page", allowed)).toBe("/chat");
    expect(surfacePath("page", allowed, { ended: "1" })).toBe("/chat?ended=1");
    expect(surfacePath("embed", allowed)).toBe("/embed");
    expect(surfacePath("embed:https://shop.example.com", allowed, { ended: "1" })).toBe(
      "/embed?ended=1&host=https%3A%2F%2Fshop.example.com",
    );
    // A forged origin is dropped: the panel falls back to this site's own.
    expect(surfacePath("embed:https://evil.example", allowed)).toBe("/embed");
  });
});
