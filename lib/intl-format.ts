import { memoize, strategies } from "@formatjs/fast-memoize";

// Building an Intl formatter costs far more than using one (it loads locale data): a chat log that made one per
// message per render spent most of a new message's render there. One per locale and options, kept for the page's
// life; the keys are few (a handful of locales × the fixed option sets in this codebase).

/** A shared `Intl.DateTimeFormat` for these arguments. */
export const dateTimeFormat = memoize(
  (locale: string | undefined, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options),
  { strategy: strategies.variadic },
);

/** A shared `Intl.NumberFormat` for these arguments. */
export const numberFormat = memoize(
  (locale: string | undefined, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options),
  { strategy: strategies.variadic },
);
