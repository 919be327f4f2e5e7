import { describe, expect, it } from "vitest";
import { pickNamespaces } from "@/lib/i18n/catalog";
import ar from "@/messages/ar.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === "string" ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

/** The ICU arguments a message uses ({name}, {count, plural, …}), which every translation must keep. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([a-zA-Z]+)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

const english = flatten(en);

describe.each([
  ["es", flatten(es)],
  ["ar", flatten(ar)],
])("the %s catalog", (_, catalog) => {
  it("has exactly the English keys", () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
  });

  it("keeps every placeholder of each English message and translates it", () => {
    for (const [key, message] of Object.entries(english)) {
      expect(argumentsOf(catalog[key]!), key).toEqual(argumentsOf(message));
      expect(catalog[key]!.trim(), key).not.toBe("");
    }
  });
});

describe("pickNamespaces", () => {
  it("keeps the named parts a catalog has, and leaves out a name it lacks rather than handing on undefined", () => {
    const picked = pickNamespaces(en as Record<string, unknown>, ["landing", "no-such-part"]);
    expect(Object.keys(picked)).toEqual(["landing"]);
    expect(picked.landing).toBe(en.landing);
  });
});
