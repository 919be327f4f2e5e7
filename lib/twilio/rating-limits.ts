/** How long a visitor's comment on a chat may be (the form and the server action share it). */
export const RATING_COMMENT_MAX = 500;
