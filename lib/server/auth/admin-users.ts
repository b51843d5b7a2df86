import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Role } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { AdminCreateUserInput } from "@/lib/schemas/auth";
import { type AuditMeta, writeAudit } from "../audit";
import { ForbiddenError, NotFoundError } from "../errors";
import { createUser } from "../users/mutations";
import { generatePassword } from "../users/passwords";
import { parseInput } from "../validation";
import { requestPasswordReset } from "./password-reset";

export interface AdminActor {
  id: string;
  username: string;
  role: Role;
}

// Authorization lives in each mutation too: a caller that forgot its guard still gets nothing.
function assertManager(actor: AdminActor): void {
  if (!can(actor.role, "users:manage")) throw new ForbiddenError();
}

async function readAccount(db: Db, userId: string) {
  const [row] = await db
    .select({ username: users.username, email: users.email, lockedUntil: users.lockedUntil, failedLoginAttempts: users.failedLoginAttempts })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new NotFoundError("No such user.", "unknown_user");
  return row;
}

/** Lifts a lockout and resets the failure counter. */
export async function unlockUser(db: Db, actor: AdminActor, userId: string, meta: AuditMeta): Promise<{ username: string }> {
  assertManager(actor);
  const before = await readAccount(db, userId);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await writeAudit(tx, {
      ...meta,
      action: "account_unlocked",
      userId: actor.id,
      actor: actor.username,
      entityType: "user",
      entityId: userId,
      before: { lockedUntil: before.lockedUntil, failedLoginAttempts: before.failedLoginAttempts },
      after: { lockedUntil: null, failedLoginAttempts: 0 },
      critical: true,
    });
  });
  return { username: before.username };
}

/** A new account with a random temporary password (shown once) that must be changed at first sign-in. */
export async function createUserWithTemporaryPassword(db: Db, actor: AdminActor, raw: unknown, meta: AuditMeta) {
  assertManager(actor);
  const input = parseInput(AdminCreateUserInput, raw);
  const temporaryPassword = generatePassword(16);
  const row = await createUser(
    db,
    { ...input, password: temporaryPassword },
    { userId: actor.id, actor: actor.username, ip: meta.ip, requestId: meta.requestId },
    { mustChangePassword: true },
  );
  return { ...row, temporaryPassword };
}

/** Mails the user the same one-hour reset link they could ask for themselves. */
export async function sendResetLinkFor(db: Db, actor: AdminActor, userId: string, meta: AuditMeta): Promise<{ sent: boolean; username: string }> {
  assertManager(actor);
  const account = await readAccount(db, userId);
  if (!account.email) return { sent: false, username: account.username };
  await requestPasswordReset(db, account.username, meta);
  await writeAudit(db, { ...meta, action: "password_reset_link_sent", userId: actor.id, actor: actor.username, entityType: "user", entityId: userId });
  return { sent: true, username: account.username };
}
