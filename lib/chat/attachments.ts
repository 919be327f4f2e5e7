import { numberFormat } from "@/lib/intl-format";

/** What the visitor may attach: `maxFiles` is how many the composer holds at once; each is sent as its own message. */
export type AttachmentPolicy = { maxBytes: number; types: string[]; maxFiles: number };

/**
 * Images, PDF and plain text up to 10 MB, unless configured otherwise: all within what Flex web chat takes (one file
 * per message, 16 MiB, its list of types: lib/flex-limits.ts), and what every browser can show or open.
 */
export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = {
  maxBytes: 10 * 1024 * 1024,
  types: ["image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain"],
  maxFiles: 10,
};

/** A file size for people, in their language's number format (units are international). */
export function formatBytes(size: number, locale = "en"): string {
  // "15 bytes" rather than "15 byte"; "1.5 kB", "10 MB".
  const format = (value: number, unit: "byte" | "kilobyte" | "megabyte") =>
    numberFormat(locale, {
      style: "unit",
      unit,
      unitDisplay: unit === "byte" ? "long" : "short",
      maximumFractionDigits: 1,
    }).format(value);
  if (size < 1024) return format(size, "byte");
  if (size < 1024 * 1024) return format(size / 1024, "kilobyte");
  return format(size / (1024 * 1024), "megabyte");
}

export type FileLike = { name: string; size: number; type: string };
export type Rejection =
  | { name: string; reason: "empty" | "type" }
  | { name: string; reason: "tooLarge"; size: number; limit: number }
  | { name: string; reason: "tooMany"; max: number };

/** A refusal as a sentence in the visitor's language. */
export function describeRejection(
  rejection: Rejection,
  t: (key: string, values?: Record<string, string | number>) => string,
  locale = "en",
): string {
  const { name } = rejection;
  if (rejection.reason === "tooLarge") {
    return t("attachments.tooLarge", {
      name,
      size: formatBytes(rejection.size, locale),
      limit: formatBytes(rejection.limit, locale),
    });
  }
  if (rejection.reason === "tooMany") return t("attachments.tooMany", { name, max: rejection.max });
  return t(`attachments.${rejection.reason}`, { name });
}

/** Splits picked files into those to upload and those refused, each refusal with its reason. */
export function checkFiles<T extends FileLike>(
  files: T[],
  policy: AttachmentPolicy,
): { accepted: T[]; rejected: Rejection[] } {
  const accepted: T[] = [];
  const rejected: Rejection[] = [];
  for (const file of files) {
    if (file.size === 0) rejected.push({ name: file.name, reason: "empty" });
    else if (file.size > policy.maxBytes) {
      rejected.push({ name: file.name, reason: "tooLarge", size: file.size, limit: policy.maxBytes });
    } else if (!policy.types.includes(file.type)) {
      rejected.push({ name: file.name, reason: "type" });
    } else if (accepted.length >= policy.maxFiles) {
      rejected.push({ name: file.name, reason: "tooMany", max: policy.maxFiles });
    } else accepted.push(file);
  }
  return { accepted, rejected };
}
