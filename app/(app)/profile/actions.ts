"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { BackupCodes, Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { changeOwnPassword } from "@/lib/server/auth/account";
import { disableTotp } from "@/lib/server/auth/totp";
import { regenerateBackupCodes } from "@/lib/server/auth/two-factor-recovery";
import { requestPromotion } from "@/lib/server/promotions/requests";
import { formFields } from "@/lib/form-state";

/** Current password + new one twice. The way out of a forced change, so that duty is let through. */
export const changePassword = defineAction(
  { gate: { allowPasswordChange: true, allowMissing2fa: true, allowCustomer: true } },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    const { redirectTo } = await changeOwnPassword(ctx, formFields(form));
    if (redirectTo) redirect(redirectTo);
    revalidatePath("/profile");
    return { message: (await getTranslations("profile.password"))("changed") };
  },
  { form: {} },
);

/** Turning 2FA off needs the password (and is refused while the user still owes a duty). */
export const disableTwoFactor = defineAction(
  { limit: "2fa-verify", gate: { allowCustomer: true } },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    await disableTotp(ctx, formFields(form));
    revalidatePath("/profile");
    return { message: (await getTranslations("profile.tfa"))("turnedOff") };
  },
  { form: {} },
);

/** New backup codes for the password and a current code; the old ones stop working. Shown once. */
export const regenerateBackupCodesAction = defineAction(
  { gate: { allowCustomer: true } },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice & BackupCodes> => {
    const codes = await regenerateBackupCodes(ctx, formFields(form, ["password", "code"]));
    revalidatePath("/profile");
    return { message: (await getTranslations("profile.backup"))("ready"), ...codes };
  },
  { form: {} },
);

/** A dispatcher or biller asks an admin for a higher role (one pending request at a time). */
export const requestPromotionAction = defineAction(
  { permission: "promotion:request", limit: "default" },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    await requestPromotion(ctx, formFields(form, ["requestedRole", "reason"]));
    revalidatePath("/profile");
    return { message: (await getTranslations("profile.promotion"))("sent") };
  },
  { form: { fieldOfCode: { invalid_role: "requestedRole" } } },
);
