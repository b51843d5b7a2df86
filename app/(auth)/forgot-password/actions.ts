"use server";

import type { FormState } from "@/lib/form-state";
import { ForgotPasswordInput } from "@/lib/schemas/auth";
import { writeAudit } from "@/lib/server/audit";
import { fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { requestPasswordReset } from "@/lib/server/auth/password-reset";
import { getDb } from "@/lib/server/db";
import { isHoneypotFilled } from "@/lib/server/honeypot";
import { checkLimit } from "@/lib/server/rate-limit";
import { getRequestContext } from "@/lib/server/request-context";

// One answer for every address, known or not (requestPasswordReset also equalises the timing).
const SAME_ANSWER =
  "If that matches an account with an email address, we have sent it a link to reset the password. The link works once, for 1 hour.";
const HONEYPOT_FLOOR_MS = 300;

// Public by design; rate limited per IP and per address, honeypot-guarded.
export async function requestReset(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = ForgotPasswordInput.safeParse({ identifier: formData.get("identifier") ?? "" });
  if (!parsed.success) return { ok: false, message: "Enter your email address or username.", fields: fieldsOf(parsed.error.issues) };
  const identifier = parsed.data.identifier;
  const ctx = await getRequestContext();
  const limit = await checkLimit("forgot-password", { ip: ctx.ip, account: identifier });
  if (!limit.ok) return { ok: false, message: tooManyAttempts(limit.retryAfterS, "requests") };
  if (isHoneypotFilled(formData)) {
    await writeAudit(getDb(), { ...ctx, action: "honeypot_triggered", details: { form: "forgot-password" } });
    await new Promise((resolve) => setTimeout(resolve, HONEYPOT_FLOOR_MS));
    return { ok: true, message: SAME_ANSWER };
  }
  await requestPasswordReset(getDb(), identifier, { ip: ctx.ip, requestId: ctx.requestId });
  return { ok: true, message: SAME_ANSWER };
}
