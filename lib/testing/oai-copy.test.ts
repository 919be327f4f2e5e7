import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The project's shared folder holds the canonical documents; the repository keeps a copy so any clone can test.
const shared = path.resolve(__dirname, "../../../shared/twilio-oai");

describe.runIf(existsSync(shared))("vendored Twilio OpenAPI documents", () => {
  it.each(["twilio_flex_v2.json", "twilio_conversations_v1.webchat-subset.json"])("%s matches shared/", (file) => {
    expect(readFileSync(path.join(__dirname, "twilio-oai", file), "utf8")).toBe(
      readFileSync(path.join(shared, file), "utf8"),
    );
  });
});
