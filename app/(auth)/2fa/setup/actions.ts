"use server";

import { getTranslations } from "next-intl/server";
import type { BackupCodes, Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { formFields } from "@/lib/form-state";

// Enrolment is the one thing an admin without 2FA may do, so the guard lets that duty through.
const ENROLMENT = { allowMissing2fa: true, allowCustomer: true } as const;

/** A fresh secret for the signed-in user: the QR code and the key to type by hand. */
export const beginTotpSetup = defineAction({ gate: ENROLMENT, limit: "2fa-setup" }, (ctx) => startEnrolment(ctx));

/** Turns 2FA on with a code from the app; answers with the 10 backup codes, shown this once. */
export const confirmTotpSetup = defineAction(
  { gate: ENROLMENT, limit: "2fa-verify" },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice & BackupCodes> => {
    const codes = await confirmEnrolment(ctx, formFields(form));
    return { message: (await getTranslations("auth.setup"))("on"), ...codes };
  },
  { form: {} },
);
