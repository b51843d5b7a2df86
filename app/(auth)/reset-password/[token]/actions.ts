"use server";

import { createHash } from "node:crypto";
import type { FormState } from "@/lib/form-state";
import { PasswordPairInput } from "@/lib/schemas/auth";
import { toFormFailure } from "@/lib/server/action-failure";
import { CHECK_FIELDS, fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { resetPassword } from "@/lib/server/auth/password-reset";
import { getDb } from "@/lib/server/db";
import { checkLimit } from "@/lib/server/rate-limit";
import { getRequestContext } from "@/lib/server/request-context";

// Public by design: the single-use, one-hour token from the mail is the credential.
export async function resetWithToken(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = String(formData.get("token") ?? "").slice(0, 200);
  const ctx = await getRequestContext();
  // Keyed on the token's hash so guessing across many tokens still meets the per-IP budget.
  const tokenKey = createHash("sha256").update(token).digest("hex").slice(0, 32);
  const limit = await checkLimit("reset-password", { ip: ctx.ip, account: tokenKey });
  if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS) };
  const parsed = PasswordPairInput.safeParse({ password: formData.get("password") ?? "", confirm: formData.get("confirm") ?? "" });
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fields: fieldsOf(parsed.error.issues) };
  try {
    await resetPassword(getDb(), token, parsed.data.password, { ip: ctx.ip, requestId: ctx.requestId });
  } catch (err) {
    return toFormFailure(err);
  }
  return { ok: true, message: "Your password has been changed and every session of your account was signed out. Sign in with the new password." };
}
