import { describe, expect, it } from "vitest";
import { ratingForm } from "@/lib/chat/rating-form";
import { RATING_COMMENT_MAX } from "@/lib/chat/types";

describe("the rating form", () => {
  it("takes a score of one digit from 1 to 5 and a comment without control characters", () => {
    expect(ratingForm.parse({ score: "4", comment: " Great\u0007 help " })).toEqual({
      score: 4,
      comment: "Great help",
    });
  });

  it("refuses every other way of writing a number, and a comment over its limit", () => {
    for (const score of ["0x5", " 5", "5 ", "5.0", "5e0", "05", "0", "6", "", "-1", "Infinity"])
      expect(ratingForm.safeParse({ score, comment: "" }).success, JSON.stringify(score)).toBe(false);
    expect(ratingForm.safeParse({ score: "5", comment: "a".repeat(RATING_COMMENT_MAX + 1) }).success).toBe(false);
  });
});
