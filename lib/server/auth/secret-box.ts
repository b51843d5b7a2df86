import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// TOTP secrets at rest: AES-256-GCM under a key derived from AUTH_SECRET (HKDF-SHA256), so a
// database dump alone does not reveal second factors. Without AUTH_SECRET (development only —
// production requires it) the per-process secret would lose every 2FA at restart, so the value
// is stored marked "plain".

const VERSION = "v1";

function deriveKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "tracetrack", "totp-secret-v1", 32));
}

/** Encrypts `plain` for storage; `authSecret` undefined → stored unencrypted (dev). */
export function sealSecret(plain: string, authSecret: string | undefined): string {
  if (!authSecret) return `plain.${plain}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(authSecret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** The stored value's plaintext, or null when it cannot be opened (wrong or missing key, tampered). */
export function openSecret(stored: string, authSecret: string | undefined): string | null {
  if (stored.startsWith("plain.")) return stored.slice("plain.".length);
  const [version, iv, tag, body] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !body || !authSecret) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(authSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
