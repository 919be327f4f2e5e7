// A client module: the rating form as a chunk of its own, loaded when a chat ends (not with the live chat's code).
"use client";

import dynamic from "next/dynamic";

export const RatingForm = dynamic(() => import("@/components/chat/rating-form").then((m) => m.RatingForm));
