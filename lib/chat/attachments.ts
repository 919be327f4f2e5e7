export type AttachmentPolicy = { maxBytes: number; types: string[]; maxFiles: number };

/** Images, PDF and plain text up to 10 MB, at most 10 files per message, unless configured otherwise. */
export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = {
  maxBytes: 10 * 1024 * 1024,
  types: ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"],
  maxFiles: 10,
};

const bytes = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${bytes.format(size / 1024)} KB`;
  return `${bytes.format(size / (1024 * 1024))} MB`;
}

export type FileLike = { name: string; size: number; type: string };
export type Rejection = { name: string; reason: string };

/** Splits picked files into those to upload and those refused, each refusal with a sentence for the visitor. */
export function checkFiles<T extends FileLike>(files: T[], policy: AttachmentPolicy): { accepted: T[]; rejected: Rejection[] } {
  const accepted: T[] = [];
  const rejected: Rejection[] = [];
  for (const file of files) {
    if (file.size === 0) rejected.push({ name: file.name, reason: "is empty" });
    else if (file.size > policy.maxBytes) {
      rejected.push({ name: file.name, reason: `is ${formatBytes(file.size)}; the limit is ${formatBytes(policy.maxBytes)}` });
    } else if (!policy.types.includes(file.type)) {
      rejected.push({ name: file.name, reason: "is not a type we accept (images, PDF or text)" });
    } else if (accepted.length >= policy.maxFiles) {
      rejected.push({ name: file.name, reason: `was not added: at most ${policy.maxFiles} files at once` });
    } else accepted.push(file);
  }
  return { accepted, rejected };
}
