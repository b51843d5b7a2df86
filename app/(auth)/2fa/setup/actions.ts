"use server";

import type { FormState } from "@/lib/form-state";
import { TwoFactorCodeInput } from "@/lib/schemas/auth";
import { toFormFailure } from "@/lib/server/action-failure";
import { requireUser } from "@/lib/server/auth/guards";
import { fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { getDb } from "@/lib/server/db";
import { checkLimit } from "@/lib/server/rate-limit";
import { getRequestContext } from "@/lib/server/request-context";

export type BeginSetupResult = { ok: true; secret: string; qrDataUrl: string } | { ok: false; message: string };
export type ConfirmSetupState = FormState & { backupCodes?: string[] };

// Enrolment is the one thing an admin without 2FA may do, so the guard lets that duty through.
const ENROLMENT = { allowMissing2fa: true } as const;

/** A fresh secret for the signed-in user: the QR code and the key to type by hand. */
export async function beginTotpSetup(): Promise<BeginSetupResult> {
  try {
    const user = await requireUser(ENROLMENT);
    const ctx = await getRequestContext();
    const limit = await checkLimit("2fa-setup", { ip: ctx.ip, account: user.id });
    if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS) };
    const enrolment = await startEnrolment(getDb(), user.id, ctx);
    return { ok: true, secret: enrolment.secret, qrDataUrl: enrolment.qrDataUrl };
  } catch (err) {
    return { ok: false, message: toFormFailure(err).message ?? "Could not start the setup." };
  }
}

/** Turns 2FA on with a code from the app; answers with the 10 backup codes, shown this once. */
export async function confirmTotpSetup(_prev: ConfirmSetupState, formData: FormData): Promise<ConfirmSetupState> {
  try {
    const user = await requireUser(ENROLMENT);
    const parsed = TwoFactorCodeInput.safeParse({ code: formData.get("code") ?? "" });
    if (!parsed.success) return { ok: false, message: "Enter the code from the app.", fields: fieldsOf(parsed.error.issues) };
    const ctx = await getRequestContext();
    const limit = await checkLimit("2fa-verify", { ip: ctx.ip, account: user.id });
    if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS) };
    const result = await confirmEnrolment(getDb(), user.id, parsed.data.code, ctx);
    if (!result.ok) {
      return { ok: false, message: "That code did not match. Check the time on your phone and try the newest code.", fields: { code: ["Code did not match."] } };
    }
    return { ok: true, message: "Two-factor authentication is on.", backupCodes: result.backupCodes };
  } catch (err) {
    return toFormFailure(err);
  }
}
