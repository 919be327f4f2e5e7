import "server-only";
import { createHmac } from "node:crypto";
import { sameSecret } from "@/lib/security/compare";
import { fileTypeFromBuffer } from "file-type";
import type { AttachmentPolicy } from "@/lib/chat/attachments";
import { SandboxError } from "@/lib/sandbox/errors";

/** What a file really is, from its bytes: magic numbers, else plain text if it decodes as UTF-8 without NULs. */
export async function sniffContentType(data: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return detected.mime;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(data);
    return text.includes("\u0000") ? null : "text/plain";
  } catch {
    return null;
  }
}

/** Checks an upload against the policy, trusting its bytes over its name or declared type. */
export async function checkUpload(data: Uint8Array, declaredType: string, policy: AttachmentPolicy): Promise<string> {
  if (data.length === 0) throw new SandboxError(400, null, "The file is empty.");
  if (data.length > policy.maxBytes) {
    throw new SandboxError(
      413,
      null,
      `The file is larger than the ${Math.round(policy.maxBytes / 1024 / 1024)} MB limit.`,
    );
  }
  const actual = await sniffContentType(data);
  const declared = declaredType.split(";")[0]!.trim().toLowerCase();
  if (!actual || !policy.types.includes(actual)) {
    throw new SandboxError(415, null, "This kind of file is not accepted by Flex web chat.");
  }
  if (declared && declared !== "application/octet-stream" && declared !== actual) {
    throw new SandboxError(415, null, `The file's content does not match its type (${declared}).`);
  }
  return actual;
}

const MEDIA_URL_TTL_S = 300;

function signature(sid: string, exp: number, secret: string): string {
  return createHmac("sha256", secret).update(`${sid}.${exp}`).digest("base64url");
}

/** A short-lived URL for one media file, like Twilio's temporary content URLs. */
export function signedMediaPath(sid: string, secret: string, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + MEDIA_URL_TTL_S;
  return `/api/sandbox/media/${sid}?exp=${exp}&sig=${signature(sid, exp, secret)}`;
}

export function verifyMediaSignature(sid: string, exp: string | null, sig: string | null, secret: string): boolean {
  if (!exp || !sig || !/^\d+$/.test(exp) || Number(exp) * 1000 < Date.now()) return false;
  return sameSecret(sig, signature(sid, Number(exp), secret));
}
