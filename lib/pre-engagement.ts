import { z } from "zod";
import { CONVERSATION_FRIENDLY_NAME_MAX, REST_MESSAGE_BODY_MAX } from "@/lib/flex-limits";
import { withoutControlCharacters } from "@/lib/text";

/** One field of the pre-engagement form, as lib/widget-config.ts declares it. */
export type FieldConfig =
  | {
      name: string;
      type: "text" | "email" | "textarea";
      required: boolean;
      maxLength: number;
      autoComplete?: string;
      /** Show `fields.<name>.hint` under the label. */
      hint?: boolean;
      /** "name" becomes the chat's customer name in Flex; "question" opens the conversation as its first message. */
      purpose?: "name" | "question";
      /**
       * A regular expression the whole value must match (when one is given), e.g. "[A-Z]{2}-\\d{6}" for an order
       * number. Its sentence for the visitor is `fields.<name>.pattern` in each catalog.
       */
      pattern?: string;
      /** A value of the right form (e.g. "AB-123456"), shown as the field's placeholder; it must match `pattern`. */
      example?: string;
    }
  | { name: string; type: "select"; required: boolean; options: readonly string[]; hint?: boolean; purpose?: never }
  | {
      name: string;
      type: "checkbox";
      required: boolean;
      hint?: boolean;
      /**
       * "transcript": ticked, the visitor gets the conversation by email (at the form's email field) when it ends.
       * "replies": ticked, an agent's reply left unread for a while is emailed to the visitor (at the form's email
       * field), with a link back to the chat.
       */
      purpose?: "transcript" | "replies";
    };

/** Turns a message key and its values into the visitor's language (next-intl's translator, or a test's). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type PreEngagementValues = Record<string, string | boolean>;

/**
 * What starting a chat needs: the visitor's name, their first message, and the other fields for PreEngagementData;
 * `transcriptTo`: the address the visitor asked the transcript to be sent to (the form's email, box ticked).
 */
export type PreEngagement = {
  name: string;
  question: string;
  fields?: PreEngagementValues;
  transcriptTo?: string;
  /** The page the visitor started from (lib/embed/protocol.ts), for the agent. */
  page?: { path: string; title: string };
  /** The site's invitation the visitor accepted (lib/embed/protocol.ts): it opens the conversation. */
  invitation?: string;
  /** The visitor agreed to get replies they miss by email, at this address (the "replies" box ticked). */
  repliesTo?: string;
  /** Left as a message while no one answered (the action says so: the form does not). */
  leftMessage?: boolean;
};

export type PreEngagementResult =
  | { success: true; data: PreEngagement }
  | { success: false; fieldErrors: Record<string, string[]>; values: Record<string, string> };

/** The form's fields must be able to start a chat: exactly one name and one question field, names unique. */
export function checkFields(fields: readonly FieldConfig[]): void {
  const names = new Set(fields.map((f) => f.name));
  if (names.size !== fields.length) throw new Error("Pre-engagement fields must have unique names");
  const transcript = fields.filter((f) => f.purpose === "transcript");
  if (transcript.length > 1)
    throw new Error('Pre-engagement fields may have at most one field with purpose "transcript"');
  if (transcript.length === 1 && !fields.some((f) => f.type === "email")) {
    throw new Error('A pre-engagement field with purpose "transcript" needs an email field to send to');
  }
  const replies = fields.filter((f) => f.purpose === "replies");
  if (replies.length > 1) throw new Error('Pre-engagement fields may have at most one field with purpose "replies"');
  if (replies.length === 1 && !fields.some((f) => f.type === "email")) {
    throw new Error('A pre-engagement field with purpose "replies" needs an email field to send to');
  }
  for (const field of fields) {
    if (!("pattern" in field) || field.pattern === undefined) continue;
    let pattern: RegExp;
    try {
      pattern = wholeValue(field.pattern);
    } catch {
      throw new Error(`The "${field.name}" field's pattern is not a valid regular expression: ${field.pattern}`);
    }
    if (field.example !== undefined && !pattern.test(field.example)) {
      throw new Error(`The "${field.name}" field's example "${field.example}" does not match its pattern`);
    }
  }
  for (const purpose of ["name", "question"] as const) {
    const matching = fields.filter((f) => f.purpose === purpose);
    if (matching.length !== 1 || !matching[0]!.required) {
      throw new Error(`Pre-engagement fields need exactly one required field with purpose "${purpose}"`);
    }
    const field = matching[0]!;
    const max = purpose === "name" ? NAME_MAX : REST_MESSAGE_BODY_MAX;
    if ("maxLength" in field && field.maxLength > max) {
      throw new Error(
        purpose === "name"
          ? `The "${field.name}" field's maxLength is ${field.maxLength}; at most ${max}: it names the conversation ("${chatFriendlyName("")}…"), which Twilio limits to ${CONVERSATION_FRIENDLY_NAME_MAX} characters`
          : `The "${field.name}" field's maxLength is ${field.maxLength}; at most ${max}: it opens the chat as a message made over REST, which Twilio limits to ${max.toLocaleString("en")} characters`,
      );
    }
  }
}

/**
 * The catalog keys the fields need and a catalog lacks (a label; a hint, options, a pattern's sentence when the
 * field has them): the server names them at start rather than showing a visitor a raw key.
 */
export function missingFieldTexts(
  fields: readonly FieldConfig[],
  catalog: { fields?: Record<string, unknown> },
): string[] {
  const missing: string[] = [];
  for (const field of fields) {
    const texts = (catalog.fields?.[field.name] ?? {}) as Record<string, unknown>;
    const need = [
      "label",
      ...(field.hint ? ["hint"] : []),
      ...("pattern" in field && field.pattern ? ["pattern"] : []),
      ...(field.type === "select" ? field.options.map((option) => `options.${option}`) : []),
    ];
    for (const key of need) {
      const [first, second] = key.split(".");
      const value = second ? (texts[first!] as Record<string, unknown> | undefined)?.[second] : texts[first!];
      if (typeof value !== "string" || value.trim() === "") missing.push(`fields.${field.name}.${key}`);
    }
  }
  return missing;
}

/** One answer of the form as people read it: the field's label and what was given (null: nothing). */
export type FieldAnswer = { name: string; label: string; value: string | null };

/** A catalog's texts for the fields: `fields.<name>.label`, `.options.<value>`. */
export type FieldTexts = Record<string, { label?: string; options?: Record<string, string> } | undefined>;

/**
 * The visitor's answers as Flex keeps them in `pre_engagement_data` (the name under `friendlyName`, the question
 * under `question`, every other field under its own name), read for the configured fields in their order, with
 * labels and option names from a catalog. `yesNo` says a checkbox's value in the reader's language.
 */
export function formAnswers(
  data: Record<string, unknown>,
  fields: readonly FieldConfig[],
  texts: FieldTexts,
  yesNo: [string, string],
): FieldAnswer[] {
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
  return fields.map((field) => {
    const given =
      data[field.purpose === "name" ? "friendlyName" : field.purpose === "question" ? "question" : field.name];
    const value =
      field.type === "checkbox"
        ? given === true
          ? yesNo[0]
          : yesNo[1]
        : field.type === "select" && typeof given === "string"
          ? (texts[field.name]?.options?.[given] ?? given)
          : text(given);
    return { name: field.name, label: texts[field.name]?.label ?? field.name, value };
  });
}

/** A field's `pattern` as the browser's `pattern` attribute reads it: the whole value, or nothing at all. */
export function wholeValue(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$|^$`, "v");
}

/** The conversation's name in Flex (WebChats' ChatFriendlyName). */
export function chatFriendlyName(customerName: string): string {
  return `Chat with ${customerName}`;
}

/** The longest name the form may take: with its prefix it stays within a conversation's FriendlyName. */
export const NAME_MAX = CONVERSATION_FRIENDLY_NAME_MAX - chatFriendlyName("").length;

function fieldSchema(field: FieldConfig, t: Translate): z.ZodType<string | boolean | undefined> {
  if (field.type === "checkbox") {
    const box = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
    return field.required ? box.refine((v) => v, t("validation.required")) : box;
  }
  if (field.type === "select") {
    const choice = z
      .string()
      .trim()
      .refine((v) => v === "" || field.options.includes(v), t("validation.option"));
    return field.required
      ? choice.refine((v) => v !== "", t("validation.requiredChoice"))
      : choice.transform((v) => v || undefined);
  }
  let text = z.string().trim();
  if (field.required) text = text.min(1, { error: t("validation.required"), abort: true });
  text = text.max(field.maxLength, t("validation.tooLong", { max: field.maxLength }));
  if (field.purpose === "name") text = text.regex(/^$|\p{L}/u, t("validation.letter"));
  if ("pattern" in field && field.pattern)
    text = text.regex(wholeValue(field.pattern), t(`fields.${field.name}.pattern`));
  const checked = field.type === "email" ? text.pipe(z.union([z.literal(""), z.email(t("validation.email"))])) : text;
  return checked.transform((v) => v || undefined);
}

/** The consent box of the Leave a message form, in place of the chat form's own (label `fields.replyConsent.label`). */
export const REPLY_CONSENT_FIELD: FieldConfig = {
  name: "replyConsent",
  type: "checkbox",
  required: true,
  purpose: "replies",
};

/**
 * The form when no one is answering ("Leave us a message"): the chat's own fields, its email now required, with a
 * required box agreeing to get the reply by email; the transcript box goes (there is no chat to copy yet). Null when
 * the form has no email field, so a reply could reach no one.
 */
export function messageFormFields(fields: readonly FieldConfig[]): readonly FieldConfig[] | null {
  if (!fields.some((f) => f.type === "email")) return null;
  return [
    ...fields
      .filter((f) => f.purpose !== "transcript" && f.purpose !== "replies")
      // Its hint speaks of a chat cut off; here the consent box says what the address is for.
      .map((f): FieldConfig => (f.type === "email" ? { ...f, required: true, hint: false } : f)),
    REPLY_CONSENT_FIELD,
  ];
}

/**
 * The fields the form shows: the transcript and replies boxes only where email can be sent (a box that sends nothing would
 * be a promise the product does not keep).
 */
export function formFields(
  fields: readonly FieldConfig[],
  { transcripts }: { transcripts: boolean },
): readonly FieldConfig[] {
  return transcripts ? fields : fields.filter((f) => f.purpose !== "transcript" && f.purpose !== "replies");
}

/** Reads and validates the submitted form against the configured fields, with messages in the visitor's language. */
export function readPreEngagement(
  formData: FormData,
  fields: readonly FieldConfig[],
  t: Translate,
): PreEngagementResult {
  const shape = Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field, t)]));
  const raw = Object.fromEntries(
    fields.map((field) => {
      const value = formData.get(field.name) ?? "";
      return [field.name, typeof value === "string" ? withoutControlCharacters(value) : value];
    }),
  );
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    return {
      success: false,
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      // The visitor's own input, bounded, so a form submitted without JavaScript comes back filled in.
      values: Object.fromEntries(
        fields.map((field) => [field.name, String(formData.get(field.name) ?? "").slice(0, 2000)]),
      ),
    };
  }
  const values = parsed.data as Record<string, string | boolean | undefined>;
  // The transcript goes to the address given here, so a ticked box needs one.
  const transcriptField = fields.find((f) => f.purpose === "transcript");
  const emailField = fields.find((f) => f.type === "email");
  const wantsTranscript = !!transcriptField && values[transcriptField.name] === true;
  const transcriptTo = wantsTranscript && emailField ? (values[emailField.name] as string | undefined) : undefined;
  if (wantsTranscript && !transcriptTo) {
    return {
      success: false,
      fieldErrors: { [emailField!.name]: [t("validation.transcriptEmail")] },
      values: Object.fromEntries(
        fields.map((field) => [field.name, String(formData.get(field.name) ?? "").slice(0, 2000)]),
      ),
    };
  }
  const repliesField = fields.find((f) => f.purpose === "replies");
  const repliesTo =
    repliesField && values[repliesField.name] === true && emailField
      ? (values[emailField.name] as string | undefined)
      : undefined;
  if (repliesField && values[repliesField.name] === true && !repliesTo) {
    return {
      success: false,
      fieldErrors: { [emailField!.name]: [t("validation.repliesEmail")] },
      values: Object.fromEntries(
        fields.map((field) => [field.name, String(formData.get(field.name) ?? "").slice(0, 2000)]),
      ),
    };
  }
  const other: PreEngagementValues = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.purpose !== "name" && field.purpose !== "question" && field.purpose !== "replies" && value !== undefined)
      other[field.name] = value;
  }
  const valueFor = (purpose: "name" | "question") => String(values[fields.find((f) => f.purpose === purpose)!.name]);
  return {
    success: true,
    data: {
      name: valueFor("name"),
      question: valueFor("question"),
      fields: other,
      ...(transcriptTo ? { transcriptTo } : {}),
      ...(repliesTo ? { repliesTo } : {}),
    },
  };
}
