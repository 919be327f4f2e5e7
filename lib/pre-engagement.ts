import { z } from "zod";

export const NAME_MAX = 80;
export const QUESTION_MAX = 1000;

/** The pre-engagement form, checked on the server (the form also works without JavaScript). */
export const preEngagementSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Please tell us your name.", abort: true })
    .max(NAME_MAX, `Your name can be at most ${NAME_MAX} characters.`)
    .regex(/\p{L}/u, "Your name needs at least one letter."),
  email: z
    .string()
    .trim()
    .max(254, "That email address is too long.")
    .pipe(z.union([z.literal(""), z.email("Please enter a valid email address, like name@example.com.")]))
    .transform((value) => value || undefined),
  question: z
    .string()
    .trim()
    .min(1, "Please tell us how we can help.")
    .max(QUESTION_MAX, `Please keep your question under ${QUESTION_MAX} characters; you can add more in the chat.`),
});

export type PreEngagementInput = z.infer<typeof preEngagementSchema>;
export type PreEngagementField = keyof PreEngagementInput;

export function readPreEngagement(formData: FormData) {
  return preEngagementSchema.safeParse({
    name: formData.get("name") ?? "",
    email: formData.get("email") ?? "",
    question: formData.get("question") ?? "",
  });
}
