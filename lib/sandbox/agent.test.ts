import { describe, expect, it } from "vitest";
import { visitorDetails, waitedFor } from "@/lib/sandbox/agent";
import type { FieldConfig } from "@/lib/pre-engagement";

describe("waitedFor", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  it("says how long in the units an agent reads at a glance", () => {
    expect(waitedFor("2026-11-27T11:59:30Z", now)).toBe("under a minute");
    expect(waitedFor("2026-11-27T11:56:00Z", now)).toBe("4 min");
    expect(waitedFor("2026-11-27T10:55:00Z", now)).toBe("1 h 5 min");
  });
  it("never shows a negative wait when clocks disagree", () => {
    expect(waitedFor("2026-11-27T12:05:00Z", now)).toBe("under a minute");
  });
});

describe("visitorDetails", () => {
  it("shows the agent every configured field, in the form's order, with its label and option names", () => {
    const fields: FieldConfig[] = [
      { name: "name", type: "text", required: true, maxLength: 80, purpose: "name" },
      { name: "orderNumber", type: "text", required: true, maxLength: 12, pattern: "[A-Z]{2}-\\d{6}" },
      { name: "topic", type: "select", required: false, options: ["orders", "other"] },
      { name: "question", type: "textarea", required: true, maxLength: 1000, purpose: "question" },
      { name: "email", type: "email", required: false, maxLength: 254 },
      { name: "callback", type: "checkbox", required: false },
    ];
    const texts = {
      orderNumber: { label: "Order number" },
      topic: { label: "Topic", options: { orders: "An order", other: "Something else" } },
      question: { label: "How can we help?" },
      email: { label: "Email" },
      callback: { label: "Call me back" },
    };
    const attributes = {
      pre_engagement_data: {
        friendlyName: "Ada",
        orderNumber: "AB-123456",
        topic: "orders",
        question: "Where is it?",
        callback: true,
      },
    };
    const details = visitorDetails(attributes, fields, texts);
    expect(details.name).toBe("Ada");
    expect(details.answers).toEqual([
      { name: "orderNumber", label: "Order number", value: "AB-123456" },
      { name: "topic", label: "Topic", value: "An order" },
      { name: "question", label: "How can we help?", value: "Where is it?" },
      { name: "email", label: "Email", value: null },
      { name: "callback", label: "Call me back", value: "Yes" },
    ]);
  });
});
