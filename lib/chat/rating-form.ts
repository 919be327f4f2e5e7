import { z } from "zod";
import { RATING_COMMENT_MAX } from "@/lib/chat/types";
import { withoutControlCharacters } from "@/lib/text";

/** The rating form as posted: a score the radio buttons send, and an optional comment. */
export const ratingForm = z.object({
  // One decimal digit, as the radio buttons send it: "0x5", " 5" or "5e0" are not a score.
  score: z
    .string()
    .regex(/^[1-5]$/)
    .transform(Number),
  comment: z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(RATING_COMMENT_MAX)),
});
