import "server-only";
import { hmacSignature, SIGNATURE_RE, signatureMatches, trimmedWithin } from "../signed-text";

// The gate pass's QR payload (DESIGN.md §8, seed 002): `TTGP1.<code>.<signature>`, the signature
// being base64url (no padding) HMAC-SHA256 over `TTGP1.<code>`. Only the code travels; everything
// the gate shows is read from the database by that code.

export const PASS_PAYLOAD_PREFIX = "TTGP1";
/** `GP-YYYYMMDD-NNNN`; more digits once a day passes 9999 passes. */
export const PASS_CODE_RE = /^GP-[0-9]{8}-[0-9]{4,6}$/;
/** Longer than any payload we sign: anything bigger is refused before any work. */
export const MAX_PAYLOAD_LENGTH = 80;

const signedText = (code: string) => `${PASS_PAYLOAD_PREFIX}.${code}`;

/** The QR text of a pass, signed with the current secret. */
export function signPassCode(code: string, secret: string): string {
  if (!PASS_CODE_RE.test(code)) throw new Error(`Not a pass code: ${code}`);
  return `${signedText(code)}.${hmacSignature(secret, signedText(code))}`;
}

export type PayloadCheck = { ok: true; code: string } | { ok: false; reason: "malformed" | "bad_signature" };

/**
 * Checks a scanned payload against each secret (current, then previous), comparing the signature's
 * text in constant time (comparing decoded bytes would accept a last character that differs only
 * in base64's unused bits). Surrounding whitespace (a wedge scanner's Enter) is not part of it.
 */
export function verifyPassPayload(raw: string, secrets: readonly string[]): PayloadCheck {
  const payload = trimmedWithin(raw, MAX_PAYLOAD_LENGTH);
  if (payload === null) return { ok: false, reason: "malformed" };
  const parts = payload.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [prefix, code, signature] = parts as [string, string, string];
  if (prefix !== PASS_PAYLOAD_PREFIX || !PASS_CODE_RE.test(code) || !SIGNATURE_RE.test(signature)) {
    return { ok: false, reason: "malformed" };
  }
  return signatureMatches(signature, signedText(code), secrets) ? { ok: true, code } : { ok: false, reason: "bad_signature" };
}
