import { widgetConfig, type WidgetConfig } from "@/lib/widget-config";

/** A name that fits a page title and an email subject. */
export const BRAND_NAME_MAX = 60;
// Letters of any script, digits and the punctuation company names use; braces, # and angle brackets are refused
// because they are the catalogs' own syntax (ICU arguments, plural counts, rich-text tags).
const BRAND_NAME = /^[\p{L}\p{M}\p{N} &.,'’!+\-()]+$/u;
const LOGO = /^\/(?!.*\.\.)[\w\-./]+\.(svg|png|ico|webp)$/;

/**
 * What is wrong with the configured brand, a sentence each: the server refuses to start on any (lib/startup.ts), and
 * the build refuses a logo that is not in public/ (scripts/build-embed.mts).
 */
export function brandProblems(brand: WidgetConfig["brand"]): string[] {
  const problems: string[] = [];
  const name = brand.name.trim();
  if (name.length === 0 || name.length > BRAND_NAME_MAX || !BRAND_NAME.test(name) || name !== brand.name)
    problems.push(
      `widgetConfig.brand.name must be 1 to ${BRAND_NAME_MAX} letters, digits, spaces or & . , ' ! + - ( ), with no space at either end.`,
    );
  if (brand.logo !== null && !LOGO.test(brand.logo))
    problems.push(
      'widgetConfig.brand.logo must be null or the path of an .svg, .png, .ico or .webp file under public/, such as "/logo.svg".',
    );
  return problems;
}

/**
 * The catalog with the brand's name written in for every `{brand}`: one setting renames the chat in every language
 * and every place that reads a catalog (pages, the launcher, emails). A catalog comes in two forms: as written
 * (messages/*.json, where an apostrophe is doubled, as the message syntax reads a lone one as the start of a
 * quotation) and as the build compiles it (next.config.mjs), where a message is a list of parts and the argument
 * is the part `["brand"]`, replaced by the name as plain text.
 */
export function withBrand<T>(messages: T, name: string): T {
  const written = name.replaceAll("'", "''");
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return value.replaceAll("{brand}", written);
    if (Array.isArray(value)) {
      // A message left with text alone becomes one string, which both of next-intl's formatters read as it is (the
      // Pages Router's landing page formats catalogs as written, not compiled).
      const parts = compiledPart(value) as unknown[];
      return parts.every((part) => typeof part === "string") ? parts.join("") : parts;
    }
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  // Inside a compiled message, strings are literal text: only the argument parts change.
  const compiledPart = (part: unknown): unknown =>
    Array.isArray(part)
      ? part.length === 1 && part[0] === "brand"
        ? name
        : part.map(compiledPart)
      : part && typeof part === "object"
        ? Object.fromEntries(Object.entries(part).map(([key, inner]) => [key, compiledPart(inner)]))
        : part;
  return walk(messages) as T;
}

/** The site's icon: the brand's logo, else the chat bubble scripts/build-embed.mts draws in the brand's colour. */
export function siteIcon(): string {
  return widgetConfig.brand.logo ?? "/chat-icon.svg";
}
