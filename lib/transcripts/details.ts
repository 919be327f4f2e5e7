import "server-only";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { formAnswers, type FieldAnswer, type FieldConfig, type FieldTexts } from "@/lib/pre-engagement";
import { widgetConfig } from "@/lib/widget-config";

type Translator = { (key: string): string; raw(key: string): unknown };

/**
 * The visitor's answers to the form, for the top of their transcript (download and email), in their language: read
 * from the conversation's `pre_engagement_data` (an object, or the JSON string WebChats was given) for the
 * configured fields, the "email me a copy" box left out.
 */
export function transcriptDetails(
  attributes: Record<string, unknown>,
  t: Translator,
  configured: readonly FieldConfig[] = widgetConfig.preEngagement.fields,
): FieldAnswer[] {
  const raw = attributes.pre_engagement_data;
  const data =
    typeof raw === "string"
      ? parseAttributes(raw)
      : raw && typeof raw === "object"
        ? (raw as Record<string, unknown>)
        : {};
  const fields = configured.filter((field) => field.purpose !== "transcript");
  return formAnswers(data, fields, t.raw("fields") as FieldTexts, [t("transcript.yes"), t("transcript.no")]);
}
