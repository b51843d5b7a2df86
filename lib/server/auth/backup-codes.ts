import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { backupCodes, users } from "@/db/schema";
import { writeAudit } from "../audit";
import type { PublicContext } from "../service";

export const BACKUP_CODE_COUNT = 10;
const CODE_LENGTH = 12;
// Crockford base32: 32 symbols (so bytes map without bias), no I/L/O/U to misread.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A fresh code, shown as XXXX-XXXX-XXXX: 60 random bits. */
export function generateBackupCode(): string {
  const chars = Array.from(randomBytes(CODE_LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join("");
  return chars.match(/.{4}/g)?.join("-") ?? chars;
}

/** Case, spaces and dashes don't matter; O/I/L read as 0/1/1 as Crockford intends. */
export function normaliseBackupCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

// The codes carry 60 random bits, so a salted SHA-256 is enough; bcrypt over ten rows per
// attempt would cost ~0.7 s for no real gain.
export function hashBackupCode(code: string, salt = randomBytes(16).toString("hex")): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${normaliseBackupCode(code)}`).digest("hex")}`;
}

function matchesHash(code: string, stored: string): boolean {
  const [salt] = stored.split(":");
  if (!salt) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashBackupCode(code, salt));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Replaces a user's codes with a new set and returns them: the only time they exist in clear. */
export async function replaceBackupCodes(db: Db | Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, generateBackupCode);
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId));
  await db.insert(backupCodes).values(codes.map((code) => ({ userId, codeHash: hashBackupCode(code) })));
  return codes;
}

export async function countUnusedBackupCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(backupCodes)
    .where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * Accepts a backup code once, in place of a TOTP code. The UPDATE … WHERE used_at IS NULL is
 * the single-use guard: of two parallel uses, the second updates nothing.
 */
export async function useBackupCode(ctx: PublicContext, userId: string, code: string): Promise<boolean> {
  const { db, meta } = ctx;
  const audit = { ip: meta.ip, requestId: meta.requestId, userId, entityType: "user", entityId: userId } as const;
  const normalised = normaliseBackupCode(code);
  const rows =
    normalised.length === CODE_LENGTH
      ? await db
          .select({ id: backupCodes.id, codeHash: backupCodes.codeHash, username: users.username })
          .from(backupCodes)
          .innerJoin(users, eq(users.id, backupCodes.userId))
          .where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt), eq(users.totpEnabled, true)))
      : [];
  const match = rows.find((r) => matchesHash(normalised, r.codeHash));
  const [used] = match
    ? await db
        .update(backupCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(backupCodes.id, match.id), isNull(backupCodes.usedAt)))
        .returning({ id: backupCodes.id })
    : [];
  if (!match || !used) {
    await writeAudit(db, { ...audit, action: "backup_code_failed", details: { reason: match ? "already_used" : "no_match" } });
    return false;
  }
  await writeAudit(db, {
    ...audit,
    action: "backup_code_used",
    actor: match.username,
    details: { remaining: rows.length - 1 },
    critical: true,
  });
  return true;
}
