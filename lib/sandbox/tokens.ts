import "server-only";
import jwt from "jsonwebtoken";
import { secretKey } from "@/lib/secret-key";
import type { Credentials } from "@/lib/sandbox/store";
import { SandboxError } from "@/lib/sandbox/errors";

type AccessTokenPayload = {
  grants?: { identity?: unknown; chat?: { service_sid?: unknown } };
};

/**
 * Checks a Twilio access token as Twilio would: HS256 signature by the API key's secret, issuer and subject,
 * expiry, and a Chat grant for this Conversations service. Returns the identity it grants.
 */
export function verifyAccessToken(token: string, creds: Credentials): string {
  let payload: AccessTokenPayload;
  try {
    payload = jwt.verify(token, secretKey(creds.apiKeySecret), {
      algorithms: ["HS256"],
      issuer: creds.apiKeySid,
      subject: creds.accountSid,
    }) as AccessTokenPayload;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) {
      throw new SandboxError(401, 20104, "Access Token expired or expiration date invalid");
    }
    throw new SandboxError(401, 20101, "Invalid Access Token");
  }
  const identity = payload.grants?.identity;
  if (typeof identity !== "string" || identity === "") {
    throw new SandboxError(401, 20101, "Invalid Access Token: no identity");
  }
  if (payload.grants?.chat?.service_sid !== creds.conversationsServiceSid) {
    throw new SandboxError(401, 20101, "Invalid Access Token: no Chat grant for this Conversations service");
  }
  return identity;
}

export function tokenExpiry(token: string): number | undefined {
  const decoded = jwt.decode(token) as { exp?: number } | null;
  return decoded?.exp;
}
