import "server-only";
import { createHmac } from "node:crypto";
import jwt from "jsonwebtoken";
import type { FieldConfig, PreEngagementValues } from "@/lib/pre-engagement";

/**
 * A known visitor's details, signed by the embedding site's own server (HS256 with PRE_ENGAGEMENT_CONTEXT_SECRET),
 * so the chat can fill in — and not ask again — what that site already knows. The browser only carries it: a value
 * the visitor could change would not be signed.
 */
export const CONTEXT_AUDIENCE = "flex-webchat-next:pre-engagement";
const MAX_LIFETIME_SECONDS = 60 * 60;
/** Clocks of two servers disagree by a little; a token "issued" further ahead would outlive its hour. */
const CLOCK_SKEW_SECONDS = 60;

/** The longest `sub` (the site's own id for the visitor) a context may carry. */
export const SUBJECT_MAX = 256;

/**
 * What an embedding site's server does (docs/embedding.md, "Known visitors"): sign the fields it knows — and, for a
 * history across visits and devices, its own stable id for the visitor as `sub` — for at most an hour.
 */
export function signVisitorContext(
  fields: PreEngagementValues,
  secret: string,
  expiresInSeconds = 600,
  subject?: string,
): string {
  return jwt.sign({ fields }, secret, {
    algorithm: "HS256",
    audience: CONTEXT_AUDIENCE,
    expiresIn: Math.min(expiresInSeconds, MAX_LIFETIME_SECONDS),
    ...(subject === undefined ? {} : { subject }),
  });
}

/** The claims of a context that is signed, unexpired, meant for the chat and lives at most an hour; else null. */
function verifiedClaims(token: string | null | undefined, secret: string | undefined): jwt.JwtPayload | null {
  if (!token || !secret || token.length > 4096) return null;
  let claims: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, secret, { algorithms: ["HS256"], audience: CONTEXT_AUDIENCE });
    if (typeof verified === "string") return null;
    claims = verified;
  } catch {
    return null;
  }
  if (
    typeof claims.exp !== "number" ||
    typeof claims.iat !== "number" ||
    claims.exp - claims.iat > MAX_LIFETIME_SECONDS ||
    claims.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS
  ) {
    return null;
  }
  return claims;
}

/**
 * The Conversations identity of the visitor a valid context names by `sub`, or null (no valid context, or no `sub`).
 * The same person always gets the same identity, so WebChats puts all their chats under one Conversations user; it
 * is keyed with the shared secret, so it neither reveals the site's id for them nor can be guessed from it. A new
 * secret therefore starts every known visitor's history afresh.
 */
export function readKnownIdentity(token: string | null | undefined, secret: string | undefined): string | null {
  const claims = verifiedClaims(token, secret);
  const subject = claims?.sub;
  if (typeof subject !== "string" || subject.trim() === "" || subject.length > SUBJECT_MAX) return null;
  return `known_${createHmac("sha256", secret!).update(`known-visitor:${subject}`).digest("hex").slice(0, 40)}`;
}

/**
 * The configured fields a valid context vouches for, or null when the token is missing, forged, expired, meant for
 * something else, issued in the future (beyond a minute of clock skew), or lives longer than an hour. Values of unknown fields, or of the wrong type, are ignored.
 */
export function readVisitorContext(
  token: string | null | undefined,
  secret: string | undefined,
  fields: readonly FieldConfig[],
): PreEngagementValues | null {
  const claims = verifiedClaims(token, secret);
  if (!claims) return null;
  const given = claims.fields;
  if (typeof given !== "object" || given === null) return null;
  const known: PreEngagementValues = {};
  for (const field of fields) {
    const value = (given as Record<string, unknown>)[field.name];
    if (field.type === "checkbox" ? typeof value === "boolean" : typeof value === "string" && value.trim() !== "") {
      known[field.name] = value as string | boolean;
    }
  }
  return Object.keys(known).length > 0 ? known : null;
}
