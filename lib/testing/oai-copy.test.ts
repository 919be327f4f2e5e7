import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The repository keeps a copy of Twilio's OpenAPI documents (twilio/twilio-oai at d50069b, pruned as its README
// says) so any clone can run the contract tests. The copy is pinned by hash: editing it to make a test pass fails here.
const PINNED = {
  "twilio_flex_v2.json": "252974f66eabc244a854a284a60af841d1cf37fcadbd01f58f4b3e836ffa43a8",
  "twilio_conversations_v1.webchat-subset.json": "6c6114b665ba50e8ae813a3dd8950a2856c7a4890bf650dfca11623312414317",
  "twilio_conversations_v1.orchestration-subset.json":
    "5352e2b1d38ee49df796d9cd3cf5c99883ffcef4970ec4b3be1ea6a9e7545eea",
  "twilio_flex_v1.interactions-subset.json": "684586d678093dcb84c28931e84ed90e95258e1dc355ade8e26db03fcfd81540",
  "twilio_taskrouter_v1.tasks-subset.json": "4f8a58213600bb190de9acd0bcb31b64b23b56fe845b211da28c07c3ace0ab75",
  // Added beside the shared ones (not in the shared folder): the queue statistics for the visitor's wait estimate.
  "twilio_taskrouter_v1.queue-statistics-subset.json":
    "9bfba95cc4c46b3d790a28fadeded53285f5313c8fdc537f52a7fc210d76db1b",
  // Added beside the shared ones: the conversations an identity takes part in (a returning visitor's history).
  "twilio_conversations_v1.participant-conversations-subset.json":
    "25ca5fbbdbef4df163c582a69003c7296a6e0d67c5054131d6edcc7466ed482b",
};
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("vendored Twilio OpenAPI documents", () => {
  it.each(Object.entries(PINNED))("%s is the pinned, unedited copy", (file, hash) => {
    expect(sha256(path.join(__dirname, "twilio-oai", file))).toBe(hash);
  });
});
