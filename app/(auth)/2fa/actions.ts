"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { safeNextPath, TwoFactorCodeInput } from "@/lib/schemas/auth";
import { APP_LIMITER, verifySecondFactor } from "@/lib/server/auth/login-flow";
import { fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { clearPending2fa, readPending2fa } from "@/lib/server/auth/pending-2fa";
import { startSession } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";

const EXPIRED_STEP = "This sign-in step has expired. Please sign in again.";

// Public, but only the signed pending-2FA cookie (set after a correct password) gets anywhere.
export async function verifyTwoFactor(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = TwoFactorCodeInput.safeParse({ code: formData.get("code") ?? "" });
  if (!parsed.success) return { ok: false, message: "Enter a code.", fields: fieldsOf(parsed.error.issues) };
  const pending = await readPending2fa(getDb());
  if (!pending) return { ok: false, message: EXPIRED_STEP };
  const ctx = await getRequestContext();
  const outcome = await verifySecondFactor(getDb(), APP_LIMITER, pending, parsed.data.code, ctx);
  if (!outcome.ok) {
    return outcome.reason === "rate_limited"
      ? { ok: false, message: tooManyAttempts(outcome.retryAfterS, "code attempts") }
      : { ok: false, message: "That code is not valid or has already been used.", fields: { code: ["Check the code and try again."] } };
  }
  await clearPending2fa();
  await startSession(pending, ctx, outcome.method);
  const next = formData.get("next");
  return redirect(safeNextPath(typeof next === "string" ? next : undefined));
}
