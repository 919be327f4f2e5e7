import { describe, expect, it } from "vitest";
import { basicCredentials, sameSecret } from "@/lib/security/compare";

const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("sameSecret", () => {
  it("is true only for the same text", () => {
    expect(sameSecret("s3cret", "s3cret")).toBe(true);
    expect(sameSecret("s3cret", "s3creT")).toBe(false);
    expect(sameSecret("s3cret", "s3cret-and-more")).toBe(false);
    expect(sameSecret("", "s3cret")).toBe(false);
  });
});

describe("basicCredentials", () => {
  it("reads the user and password, the password keeping any colon", () => {
    expect(basicCredentials(basic("agent:pass:word"))).toEqual({ user: "agent", password: "pass:word" });
    expect(basicCredentials(basic(":only-password"))).toEqual({ user: "", password: "only-password" });
  });

  it("takes the scheme in any case and surrounding blanks (RFC 9110 §11.1)", () => {
    expect(basicCredentials(`bAsIc \t${Buffer.from("a:b").toString("base64")} `)).toEqual({ user: "a", password: "b" });
  });

  it("refuses anything else: no header, another scheme, no colon, characters base64 does not have", () => {
    expect(basicCredentials(null)).toBeNull();
    expect(basicCredentials(undefined)).toBeNull();
    expect(basicCredentials(`Bearer ${Buffer.from("a:b").toString("base64")}`)).toBeNull();
    expect(basicCredentials(basic("no-colon"))).toBeNull();
    expect(basicCredentials("Basic a:b")).toBeNull();
    expect(basicCredentials("Basic")).toBeNull();
  });
});
