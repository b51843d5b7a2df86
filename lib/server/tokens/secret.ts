import "server-only";
import { createHash, randomBytes } from "node:crypto";

// What an API token is: "tt_" + 32 random bytes in base64url (43 characters). Only its SHA-256
// is stored; its first 11 characters ("tt_" + 8) are its visible prefix in lists and audit rows.

export const TOKEN_PREFIX_LENGTH = 11;
const TOKEN_SHAPE = /^tt_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  token: string;
  prefix: string;
  hash: string;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newApiToken(): NewApiToken {
  const token = `tt_${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, TOKEN_PREFIX_LENGTH), hash: hashApiToken(token) };
}

/** Whether `value` has a token's shape (checked before any lookup, so junk costs no query). */
export function isApiTokenShape(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/**
 * The credential of an `Authorization: Bearer …` header: null when the header is not a bearer one
 * (another scheme is ignored: the cookie decides), `{credential: null}` when it is a malformed one.
 */
export function presentedBearer(h: Headers): { credential: string | null } | null {
  const header = h.get("authorization")?.trim();
  if (!header || !/^bearer(?:\s|$)/i.test(header)) return null;
  return { credential: /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null };
}
