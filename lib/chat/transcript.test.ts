import { describe, expect, it } from "vitest";
import { buildTranscript } from "@/lib/chat/transcript";
import type { FieldConfig } from "@/lib/pre-engagement";

describe("buildTranscript", () => {
  it("lists each message with its time, author, lines and attachment names", () => {
    const text = buildTranscript(
      [
        {
          sid: "IM0",
          index: 0,
          author: "guest_1",
          body: "Hello\nsecond line",
          dateCreated: "2026-03-01T09:00:00Z",
          attributes: {},
          media: [],
        },
        {
          sid: "IM1",
          index: 1,
          author: "agent",
          body: "",
          dateCreated: "2026-03-01T09:01:00Z",
          attributes: {},
          media: [{ sid: "ME1", filename: "label.pdf", contentType: "application/pdf", size: 1200 }],
        },
      ],
      {
        title: "Chat transcript",
        nameOf: (a) => (a === "guest_1" ? "You" : "Agent"),
        formatTime: (iso) => iso.slice(11, 16),
      },
    );
    expect(text).toBe(
      [
        "Chat transcript",
        "===============",
        "",
        "[09:00] You:",
        "  Hello",
        "  second line",
        "",
        "[09:01] Agent:",
        "  [Attachment: label.pdf]",
        "",
      ].join("\n"),
    );
  });
});

describe("the visitor's answers above the transcript", () => {
  it("lists each answered field of the form, in the visitor's language, and leaves out what was not given", async () => {
    const { transcriptDetails } = await import("@/lib/transcripts/details");
    const { createTranslator } = await import("next-intl");
    const es = (await import("@/messages/es.json")).default;
    const t = createTranslator({ locale: "es", messages: es });
    // As WebChats was given it: a JSON string (Flex may also keep it as an object).
    const attributes = {
      pre_engagement_data: JSON.stringify({
        friendlyName: "Ana",
        topic: "orders",
        question: "¿Dónde está?",
        transcript: true,
      }),
    };
    // The test's own form (the shipped one is a fork's to change), with the catalog's texts for these names.
    const fields: FieldConfig[] = [
      { name: "name", type: "text", required: true, maxLength: 80, purpose: "name" },
      { name: "email", type: "email", required: false, maxLength: 254 },
      { name: "topic", type: "select", required: false, options: ["orders", "other"] },
      { name: "question", type: "textarea", required: true, maxLength: 1000, purpose: "question" },
      { name: "transcript", type: "checkbox", required: false, purpose: "transcript" },
    ];
    const details = transcriptDetails(attributes, t as never, fields);
    const text = buildTranscript([], { title: "T", nameOf: (a) => a, formatTime: (iso) => iso, details });
    expect(text).toContain(`${es.fields.name.label}: Ana`);
    expect(text).toContain(`${es.fields.topic.label}: ${es.fields.topic.options.orders}`);
    expect(text).toContain(`${es.fields.question.label}: ¿Dónde está?`);
    // The "email me a copy" box is how the transcript came, not something to tell; an empty email is left out.
    expect(text).not.toContain(es.fields.transcript.label);
    expect(text).not.toContain(`${es.fields.email.label}:`);
  });
});
