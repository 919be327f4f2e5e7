import type { Hours } from "@/lib/hours";
import type { Env } from "@/lib/env";
import { isOpen } from "@/lib/hours";
import { formFields, messageFormFields, type FieldConfig } from "@/lib/pre-engagement";

type Palette = { brand: string; brandStrong: string; onBrand: string };

/**
 * The one place a contact-center team adapts the chat to its brand: the brand, the pre-engagement fields, the
 * opening hours and the theme. Every visible word lives in messages/<locale>.json (a field's label is
 * `fields.<name>.label`, its hint `fields.<name>.hint`, an option `fields.<name>.options.<value>`), so each field
 * shows in every language; the brand's name reaches them as `{brand}`.
 */
export type WidgetConfig = {
  brand: {
    /** The name visitors know you by: every catalog's `{brand}` (page titles, the launcher, the chat, emails). */
    name: string;
    /** An image under public/ ("/logo.svg") beside the chat's title and as the site's icon; null: a chat bubble. */
    logo: string | null;
    /** The colours of buttons, links and the launcher, for the light and the dark theme. */
    light: Palette;
    dark: Palette;
  };
  preEngagement: { fields: readonly FieldConfig[] };
  /**
   * When agents answer, in one IANA time zone; null: always open. Days are 0 (Sunday) to 6 (Saturday), times
   * "HH:MM" in 24-hour form; a day without an entry is closed. OPERATING_HOURS overrides it without a deploy.
   */
  hours: Hours | null;
  /** Corner radius and font, as CSS values (app/globals.css holds the defaults). */
  theme: { radius: string; font: string };
};

export const widgetConfig: WidgetConfig = {
  brand: {
    name: "Acme",
    logo: null,
    light: { brand: "#1d4ed8", brandStrong: "#1e40af", onBrand: "#ffffff" },
    dark: { brand: "#8ab4ff", brandStrong: "#a8c7ff", onBrand: "#0b1220" },
  },
  preEngagement: {
    fields: [
      { name: "name", type: "text", required: true, maxLength: 80, autoComplete: "name", purpose: "name" },
      { name: "email", type: "email", required: false, maxLength: 254, autoComplete: "email", hint: true },
      { name: "topic", type: "select", required: false, options: ["orders", "account", "other"] },
      { name: "question", type: "textarea", required: true, maxLength: 1000, purpose: "question" },
      { name: "transcript", type: "checkbox", required: false, purpose: "transcript" },
      { name: "replies", type: "checkbox", required: false, purpose: "replies" },
    ],
  },
  hours: null,
  theme: {
    radius: "12px",
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif',
  },
};

/** The form as this deployment shows it: the transcript box only where transcripts can be sent. */
export function visitorFormFields(env: Pick<Env, "transcripts">): readonly FieldConfig[] {
  return formFields(widgetConfig.preEngagement.fields, { transcripts: env.transcripts !== null });
}

/** Whether someone answers chats now: within the hours (if any), and not CHAT_AWAY. */
export function answering(env: Pick<Env, "hours" | "away">, now = new Date()): boolean {
  return !env.away && (!env.hours || isOpen(env.hours, now));
}

/**
 * The "Leave us a message" form, for when no one answers: null where a reply could not be emailed (no email field,
 * or no way to send mail), and the visitor is only told when the team is back.
 */
export function leaveMessageFields(env: Pick<Env, "transcripts">): readonly FieldConfig[] | null {
  return env.transcripts === null ? null : messageFormFields(widgetConfig.preEngagement.fields);
}
