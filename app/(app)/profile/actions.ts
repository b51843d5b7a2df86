"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { ChangePasswordInput, PasswordConfirmInput, safeNextPath } from "@/lib/schemas/auth";
import { toFormFailure } from "@/lib/server/action-failure";
import { changeOwnPassword } from "@/lib/server/auth/account";
import { requireUser } from "@/lib/server/auth/guards";
import { CHECK_FIELDS, fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { disableTotp } from "@/lib/server/auth/totp";
import { getDb } from "@/lib/server/db";
import { checkLimit } from "@/lib/server/rate-limit";
import { getRequestContext } from "@/lib/server/request-context";

/** Current password + new one twice. The way out of a forced change, so that duty is let through. */
export async function changePassword(_prev: FormState, formData: FormData): Promise<FormState> {
  let forced: boolean;
  try {
    const user = await requireUser({ allowPasswordChange: true, allowMissing2fa: true });
    forced = user.mustChangePassword;
    const parsed = ChangePasswordInput.safeParse({
      current: formData.get("current") ?? "",
      password: formData.get("password") ?? "",
      confirm: formData.get("confirm") ?? "",
    });
    if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fields: fieldsOf(parsed.error.issues) };
    const ctx = await getRequestContext();
    // The current password is a guessable secret: it shares the sign-in budget of the account.
    const limit = await checkLimit("login", { ip: ctx.ip, account: user.username });
    if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS) };
    const changed = await changeOwnPassword(getDb(), user, parsed.data.current, parsed.data.password, ctx);
    if (!changed) return { ok: false, message: CHECK_FIELDS, fields: { current: ["That is not your current password."] } };
  } catch (err) {
    return toFormFailure(err);
  }
  if (forced) {
    const next = formData.get("next");
    return redirect(safeNextPath(typeof next === "string" ? next : undefined));
  }
  revalidatePath("/profile");
  return { ok: true, message: "Your password has been changed. Your other sessions were signed out." };
}

/** Turning 2FA off needs the password (and is refused while the user still owes a duty). */
export async function disableTwoFactor(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const parsed = PasswordConfirmInput.safeParse({ password: formData.get("password") ?? "" });
    if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fields: fieldsOf(parsed.error.issues) };
    const ctx = await getRequestContext();
    const limit = await checkLimit("2fa-verify", { ip: ctx.ip, account: user.id });
    if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS) };
    if (!(await disableTotp(getDb(), user.id, parsed.data.password, ctx))) {
      return { ok: false, message: CHECK_FIELDS, fields: { password: ["Wrong password."] } };
    }
  } catch (err) {
    return toFormFailure(err);
  }
  revalidatePath("/profile");
  return { ok: true, message: "Two-factor authentication is off." };
}
