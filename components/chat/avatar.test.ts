import { describe, expect, it } from "vitest";
import { initials } from "@/components/chat/avatar";

describe("initials", () => {
  it("takes the first letters of the first and last words", () => {
    expect(initials("Ana María López")).toBe("AL");
    expect(initials("agent")).toBe("A");
    expect(initials("  ")).toBe("?");
  });
  it("keeps letters outside the basic plane whole, and scripts without case as they are", () => {
    expect(initials("𝒜da Lovelace")).toBe("𝒜L");
    expect(initials("سارة أحمد")).toBe("سأ");
  });
});
