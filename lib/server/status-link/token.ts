import "server-only";
import { hmacSignature, SIGNATURE_RE, signatureMatches, trimmedWithin } from "../signed-text";

// A bill's public status link token: `<billId base36>.<expiry unix seconds base36>.<signature>`,
// the signature being base64url (no padding) HMAC-SHA256 over `TTSL1.<billId>.<expiry>` exactly
// as the token spells them (lower-case base36, no leading zero), so no second spelling verifies.

export const STATUS_TOKEN_PREFIX = "TTSL1";
// Base36 of a safe integer is at most 11 characters; leading zeros would be a second spelling.
const ID_RE = /^[1-9a-z][0-9a-z]{0,10}$/;
/** Longer than any token we sign (11 + 1 + 11 + 1 + 43): anything bigger is refused before any work. */
export const MAX_TOKEN_LENGTH = 80;

const signedText = (billIdText: string, expiryText: string) => `${STATUS_TOKEN_PREFIX}.${billIdText}.${expiryText}`;

function base36(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`Not a positive safe integer: ${n}`);
  return n.toString(36);
}

/** The token of bill `billId`'s status link, good until `expiresAt` (kept to the second). */
export function signStatusToken(billId: number, expiresAt: Date, secret: string): string {
  const id = base36(billId);
  const exp = base36(Math.floor(expiresAt.getTime() / 1000));
  return `${id}.${exp}.${hmacSignature(secret, signedText(id, exp))}`;
}

export type StatusTokenCheck =
  | { ok: true; billId: number; expiresAt: Date }
  | { ok: false; reason: "malformed" | "bad_signature" }
  /** Genuine, but past its expiry (only a token whose signature holds is called expired). */
  | { ok: false; reason: "expired"; expiresAt: Date };

/** A base36 part as a number, only in its one canonical spelling. */
function parseBase36(text: string): number | null {
  if (!ID_RE.test(text)) return null;
  const n = Number.parseInt(text, 36);
  return Number.isSafeInteger(n) && n.toString(36) === text ? n : null;
}

/**
 * Checks a token from a link: its shape, then its signature (the text compared in constant time:
 * comparing decoded bytes would accept a last character differing only in base64's unused bits),
 * then its expiry. Surrounding whitespace (a pasted link) is not part of it.
 */
export function verifyStatusToken(raw: string, secret: string, now: Date = new Date()): StatusTokenCheck {
  const token = trimmedWithin(raw, MAX_TOKEN_LENGTH);
  if (token === null) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [idText, expText, signature] = parts as [string, string, string];
  const billId = parseBase36(idText);
  const expS = parseBase36(expText);
  if (billId === null || expS === null || !SIGNATURE_RE.test(signature)) return { ok: false, reason: "malformed" };
  if (!signatureMatches(signature, signedText(idText, expText), [secret])) return { ok: false, reason: "bad_signature" };
  const expiresAt = new Date(expS * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired", expiresAt };
  return { ok: true, billId, expiresAt };
}
