import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

// The care both signed texts take (the gate pass's QR payload and the public status link's token):
// HMAC-SHA256 in base64url without padding, compared as TEXT in constant time (comparing decoded
// bytes would accept a last character differing only in base64's unused bits), and input bounded
// before any work.

/** A signature's shape: 43 base64url characters (32 bytes, no padding). */
export const SIGNATURE_RE = /^[A-Za-z0-9_-]{43}$/;

/** The base64url HMAC-SHA256 of `message` under `secret`. */
export function hmacSignature(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("base64url");
}

/**
 * Whether `signature` (already matching SIGNATURE_RE) signs `message` under one of `secrets`.
 * Every secret is tried, so the time taken does not say which one matched.
 */
export function signatureMatches(signature: string, message: string, secrets: readonly string[]): boolean {
  const given = Buffer.from(signature, "ascii");
  let match = false;
  for (const secret of secrets) {
    if (timingSafeEqual(given, Buffer.from(hmacSignature(secret, message), "ascii"))) match = true;
  }
  return match;
}

/**
 * A scanned or pasted value without its surrounding whitespace (a wedge scanner's Enter, a pasted
 * line break), or null when it is longer than `max` — checked before trimming too (at twice
 * `max`), so a huge input is refused before any work.
 */
export function trimmedWithin(raw: string, max: number): string | null {
  if (raw.length > max * 2) return null;
  const text = raw.trim();
  return text.length > max ? null : text;
}
