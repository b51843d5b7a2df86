"use server";

import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { toFormFailure } from "@/lib/server/action-failure";
import { createUserWithTemporaryPassword, sendResetLinkFor, unlockUser, type AdminActor } from "@/lib/server/auth/admin-users";
import { requirePermission } from "@/lib/server/auth/guards";
import { tooManyAttempts } from "@/lib/server/auth/messages";
import { setTemporaryPassword } from "@/lib/server/auth/password-reset";
import { getDb } from "@/lib/server/db";
import { RateLimitError } from "@/lib/server/errors";
import { checkLimit } from "@/lib/server/rate-limit";
import { getRequestContext, type RequestContext } from "@/lib/server/request-context";

export interface AdminActionResult {
  ok: boolean;
  message: string;
  /** A temporary password, shown once to the admin who set it. */
  temporaryPassword?: string;
}
export type CreateUserState = FormState & { temporaryPassword?: string; username?: string };

async function adminContext(): Promise<{ actor: AdminActor; ctx: RequestContext }> {
  const user = await requirePermission("users:manage");
  const ctx = await getRequestContext();
  const limit = await checkLimit("default", { ip: ctx.ip, account: user.id });
  if (!limit.ok) throw new RateLimitError(limit.retryAfterS);
  return { actor: { id: user.id, username: user.username, role: user.role }, ctx };
}

function failure(err: unknown): AdminActionResult {
  if (err instanceof RateLimitError) return { ok: false, message: tooManyAttempts(err.retryAfterS, "requests") };
  return { ok: false, message: toFormFailure(err).message ?? "That did not work." };
}

const isUserId = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= 64;
const BAD_USER: AdminActionResult = { ok: false, message: "That user could not be found. Reload the page." };

export async function createUserAction(_prev: CreateUserState, formData: FormData): Promise<CreateUserState> {
  try {
    const { actor, ctx } = await adminContext();
    const created = await createUserWithTemporaryPassword(
      getDb(),
      actor,
      {
        username: formData.get("username") ?? "",
        email: formData.get("email") ?? "",
        role: formData.get("role") ?? "",
        dispatchArea: formData.get("dispatchArea") ?? "",
      },
      ctx,
    );
    revalidatePath("/admin/users");
    return { ok: true, message: `User ${created.username} created.`, username: created.username, temporaryPassword: created.temporaryPassword };
  } catch (err) {
    return err instanceof RateLimitError ? failure(err) : toFormFailure(err, { duplicate_user: "username" });
  }
}

export async function unlockUserAction(userId: unknown): Promise<AdminActionResult> {
  if (!isUserId(userId)) return BAD_USER;
  try {
    const { actor, ctx } = await adminContext();
    const { username } = await unlockUser(getDb(), actor, userId, ctx);
    revalidatePath("/admin/users");
    return { ok: true, message: `${username} is unlocked and can sign in again.` };
  } catch (err) {
    return failure(err);
  }
}

export async function setTemporaryPasswordAction(userId: unknown): Promise<AdminActionResult> {
  if (!isUserId(userId)) return BAD_USER;
  try {
    const { actor, ctx } = await adminContext();
    const { username, temporaryPassword } = await setTemporaryPassword(getDb(), actor, userId, ctx);
    revalidatePath("/admin/users");
    return { ok: true, message: `Temporary password for ${username} (shown once; it must be changed at the next sign-in, and their sessions were ended):`, temporaryPassword };
  } catch (err) {
    return failure(err);
  }
}

export async function sendResetLinkAction(userId: unknown): Promise<AdminActionResult> {
  if (!isUserId(userId)) return BAD_USER;
  try {
    const { actor, ctx } = await adminContext();
    const { sent, username } = await sendResetLinkFor(getDb(), actor, userId, ctx);
    return sent
      ? { ok: true, message: `A one-hour reset link was mailed to ${username}.` }
      : { ok: false, message: `${username} has no email address; set a temporary password instead.` };
  } catch (err) {
    return failure(err);
  }
}
