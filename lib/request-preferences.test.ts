import { describe, expect, it } from "vitest";
import { LOCALE_HEADER, SANDBOX_HEADER, THEME_HEADER, nodeHeader, requestPreferences } from "./request-preferences";

describe("requestPreferences", () => {
  it("reads what proxy.ts set", () => {
    const headers = new Headers({
      [LOCALE_HEADER]: "ar",
      [THEME_HEADER]: "dark",
      "x-nonce": "abc",
      [SANDBOX_HEADER]: "sandbox",
    });
    expect(requestPreferences((name) => headers.get(name))).toEqual({
      locale: "ar",
      theme: "dark",
      nonce: "abc",
      sandbox: true,
    });
  });

  it("falls back to English, the system theme, no nonce and no sandbox when a header is missing or unknown", () => {
    const headers = new Headers({ [LOCALE_HEADER]: "<script>", [THEME_HEADER]: "neon", [SANDBOX_HEADER]: "yes" });
    expect(requestPreferences((name) => headers.get(name))).toEqual({
      locale: "en",
      theme: "system",
      nonce: null,
      sandbox: false,
    });
  });

  it("takes a Node request's headers, where a repeated header (an array) is not one of proxy.ts's", () => {
    const read = nodeHeader({ [LOCALE_HEADER]: "es", [THEME_HEADER]: ["dark", "light"] });
    expect(requestPreferences(read)).toMatchObject({ locale: "es", theme: "system" });
  });
});
