import { describe, expect, it } from "vitest";
import {
  checkFields,
  formFields,
  messageFormFields,
  missingFieldTexts,
  readPreEngagement,
  type FieldConfig,
} from "@/lib/pre-engagement";
import { parseHours } from "@/lib/hours";
import { translator } from "@/lib/testing/translate";
import { answering, widgetConfig } from "@/lib/widget-config";
import en from "@/messages/en.json";

// The tests' own form, not the shipped one (lib/widget-config.ts): a fork that changes its fields changes what its
// visitors see, not what these tests check. Only the first test reads the shipped fields, and asks that they work.
const fields: readonly FieldConfig[] = [
  { name: "name", type: "text", required: true, maxLength: 80, autoComplete: "name", purpose: "name" },
  { name: "email", type: "email", required: false, maxLength: 254, autoComplete: "email", hint: true },
  { name: "topic", type: "select", required: false, options: ["orders", "account", "other"] },
  { name: "question", type: "textarea", required: true, maxLength: 1000, purpose: "question" },
  { name: "transcript", type: "checkbox", required: false, purpose: "transcript" },
];
const t = translator("en");

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries({ name: "", email: "", topic: "", question: "", ...values })) data.append(k, v);
  return data;
}

function errors(values: Record<string, string>, config: readonly FieldConfig[] = fields, translate = t) {
  const result = readPreEngagement(form(values), config, translate);
  return result.success ? {} : result.fieldErrors;
}

describe("the pre-engagement form from config", () => {
  it("checks that fields can start a chat, the shipped ones included, with every text they need in each catalog", () => {
    expect(() => checkFields(widgetConfig.preEngagement.fields)).not.toThrow();
    expect(() => checkFields(fields)).not.toThrow();
    expect(() => checkFields(fields.filter((f) => f.purpose !== "question"))).toThrow(/purpose "question"/);
    expect(() => checkFields([...fields, fields[0]!])).toThrow(/unique/);
  });

  it("keeps a fork's lengths within what Twilio takes: the question a REST message, the name a conversation's name", () => {
    const own: FieldConfig[] = [
      { name: "fullName", type: "text", required: true, maxLength: 246, purpose: "name" },
      { name: "details", type: "textarea", required: true, maxLength: 1600, purpose: "question" },
    ];
    expect(() => checkFields(own)).not.toThrow();
    const longQuestion = [own[0]!, { ...own[1]!, maxLength: 2000 } as FieldConfig];
    expect(() => checkFields(longQuestion)).toThrow(
      /"details" field's maxLength is 2000; at most 1600: .*1,600 characters/,
    );
    const longName = [{ ...own[0]!, maxLength: 247 } as FieldConfig, own[1]!];
    expect(() => checkFields(longName)).toThrow(/"fullName" field's maxLength is 247; at most 246: .*256 characters/);
  });

  it("holds a field to its pattern, with the sentence its catalog gives, and names what a catalog lacks", () => {
    const order: FieldConfig = {
      name: "referenceCode",
      type: "text",
      required: true,
      maxLength: 12,
      pattern: "[A-Z]{2}-\\d{6}",
    };
    const own = [...fields, order];
    const texts = { referenceCode: { label: "Order number", pattern: "Use the form AB-123456." } };
    const withTexts = translator("en", texts);
    const data = (value: string) => {
      const d = form({ name: "Ada", question: "Where is it?" });
      d.append("referenceCode", value);
      return d;
    };
    const refused = readPreEngagement(data("12345"), own, withTexts);
    expect(refused.success ? null : refused.fieldErrors.referenceCode).toEqual(["Use the form AB-123456."]);
    const taken = readPreEngagement(data("AB-123456"), own, withTexts);
    expect(taken.success && taken.data.fields?.referenceCode).toBe("AB-123456");
    // The whole value must match, not a part of it.
    expect(readPreEngagement(data("xAB-123456x"), own, withTexts).success).toBe(false);
    expect(() => checkFields([...own.slice(0, -1), { ...order, pattern: "([" }])).toThrow(
      /"referenceCode" field's pattern is not a valid/,
    );
    const withExample = (example: string) => [...own.slice(0, -1), { ...order, example } as FieldConfig];
    expect(() => checkFields(withExample("AB-12"))).toThrow(/example "AB-12" does not match its pattern/);
    expect(() => checkFields(withExample("AB-123456"))).not.toThrow();
    expect(missingFieldTexts(own, en)).toEqual(["fields.referenceCode.label", "fields.referenceCode.pattern"]);
    expect(missingFieldTexts(own, { fields: { ...en.fields, ...texts } })).toEqual([]);
  });

  it.each(["José", "李小龙", "Zoë O'Brien-Smith", "محمد"])("accepts the name %s", (name) => {
    expect(readPreEngagement(form({ name, question: "Hi" }), fields, t).success).toBe(true);
  });

  it("requires a name with a letter and a question, in the visitor's language", () => {
    expect(errors({ name: "  " })).toEqual({
      name: ["Please fill in this field."],
      question: ["Please fill in this field."],
    });
    expect(errors({ name: "12345", question: "q" }).name).toEqual(["Please include at least one letter."]);
    expect(errors({ name: "" }, fields, translator("es")).name).toEqual(["Rellena este campo."]);
    expect(errors({ name: "" }, fields, translator("ar")).name).toEqual(["يُرجى تعبئة هذا الحقل."]);
  });

  it("bounds the lengths from config: name 80, question 1,000", () => {
    expect(errors({ name: "a".repeat(80), question: "q".repeat(1000) })).toEqual({});
    expect(errors({ name: "a".repeat(81), question: "q" }).name).toEqual(["This can be at most 80 characters."]);
    expect(errors({ name: "a", question: "q".repeat(1001) }).question?.[0]).toMatch(/at most 1,000 characters/);
  });

  it("treats email as optional but validates it when given", () => {
    expect(errors({ name: "A", email: "not-an-email", question: "q" }).email).toEqual([
      "Please enter a valid email address, like name@example.com.",
    ]);
    const ok = readPreEngagement(form({ name: "A", email: " ", question: "q" }), fields, t);
    expect(ok).toEqual({ success: true, data: { name: "A", question: "q", fields: { transcript: false } } });
  });

  it("reads selects and checkboxes, and refuses an option that is not offered", () => {
    const data = form({ name: " Ada ", email: "ada@example.com", topic: "orders", question: " Where? " });
    data.append("transcript", "on");
    expect(readPreEngagement(data, fields, t)).toEqual({
      success: true,
      data: {
        name: "Ada",
        question: "Where?",
        fields: { email: "ada@example.com", topic: "orders", transcript: true },
        transcriptTo: "ada@example.com",
      },
    });
    expect(errors({ name: "A", question: "q", topic: "refunds" }).topic).toEqual([
      "Please choose one of the options offered.",
    ]);
  });

  it("enforces required selects and checkboxes when configured so", () => {
    const strict = fields.map((f) => (f.type === "select" || f.type === "checkbox" ? { ...f, required: true } : f));
    expect(errors({ name: "A", question: "q" }, strict)).toEqual({
      topic: ["Please choose an option."],
      transcript: ["Please fill in this field."],
    });
  });

  it("asks for an email when the transcript box is ticked without one, and sends only to the address given", () => {
    expect(errors({ name: "A", question: "q", transcript: "on" })).toEqual({
      email: ["Enter your email address so we can send you the copy."],
    });
    const unticked = readPreEngagement(form({ name: "A", question: "q", email: "a@example.com" }), fields, t);
    expect(unticked.success).toBe(true);
    expect(unticked.success ? unticked.data.transcriptTo : "failed").toBeUndefined();
  });

  it("drops the transcript box where no transcript can be sent", () => {
    expect(formFields(fields, { transcripts: false }).map((f) => f.name)).not.toContain("transcript");
    expect(formFields(fields, { transcripts: true })).toBe(fields);
    const data = form({ name: "A", question: "q", email: "a@example.com", transcript: "on" });
    const result = readPreEngagement(data, formFields(fields, { transcripts: false }), t);
    expect(result).toEqual({ success: true, data: { name: "A", question: "q", fields: { email: "a@example.com" } } });
  });

  it("echoes what was typed, bounded, when something is wrong", () => {
    const result = readPreEngagement(form({ name: "", question: "x".repeat(5000) }), fields, t);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.values.question).toHaveLength(2000);
  });
});

describe("Leave us a message (no one answering)", () => {
  const message = messageFormFields(fields)!;

  it("is the chat's form with the email required, a required consent box, and no transcript box", () => {
    expect(message.map((f) => f.name)).toEqual(["name", "email", "topic", "question", "replyConsent"]);
    expect(message.find((f) => f.name === "email")?.required).toBe(true);
    expect(message.find((f) => f.name === "replyConsent")).toMatchObject({ type: "checkbox", required: true });
    // A form with no email field could promise a reply to no one: no message form at all.
    expect(messageFormFields(fields.filter((f) => f.type !== "email"))).toBeNull();
    // A chat form's own replies box gives way to the message form's consent.
    const withReplies = [
      ...fields,
      { name: "replies", type: "checkbox", required: false, purpose: "replies" } as const,
    ];
    expect(messageFormFields(withReplies)!.map((f) => f.name)).toEqual(message.map((f) => f.name));
  });

  it("needs the address and the consent, and records where the reply was promised", () => {
    expect(Object.keys(errors({ name: "A", question: "q" }, message))).toEqual(["email", "replyConsent"]);
    const result = readPreEngagement(
      form({ name: "A", question: "q", email: "a@example.com", replyConsent: "on" }),
      message,
      t,
    );
    expect(result).toEqual({
      success: true,
      data: { name: "A", question: "q", fields: { email: "a@example.com" }, repliesTo: "a@example.com" },
    });
  });

  it("is what visitors get outside the hours or while the site says no one is available", () => {
    const hours = parseHours("UTC; mon-fri 09:00-17:00");
    const monday10 = new Date("2026-12-07T10:00:00Z");
    const monday20 = new Date("2026-12-07T20:00:00Z");
    expect(answering({ hours, away: false }, monday10)).toBe(true);
    expect(answering({ hours, away: false }, monday20)).toBe(false);
    expect(answering({ hours, away: true }, monday10)).toBe(false);
    expect(answering({ hours: null, away: false }, monday20)).toBe(true);
    expect(answering({ hours: null, away: true }, monday20)).toBe(false);
  });
});
