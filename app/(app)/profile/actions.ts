"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { changeOwnPassword } from "@/lib/server/auth/account";
import { disableTotp } from "@/lib/server/auth/totp";
import { formFields } from "@/lib/form-state";

/** Current password + new one twice. The way out of a forced change, so that duty is let through. */
export const changePassword = defineAction(
  { gate: { allowPasswordChange: true, allowMissing2fa: true, allowCustomer: true } },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    const { redirectTo } = await changeOwnPassword(ctx, formFields(form));
    if (redirectTo) redirect(redirectTo);
    revalidatePath("/profile");
    return { message: "Your password has been changed. Your other sessions were signed out." };
  },
  { form: {} },
);

/** Turning 2FA off needs the password (and is refused while the user still owes a duty). */
export const disableTwoFactor = defineAction(
  { limit: "2fa-verify", gate: { allowCustomer: true } },
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    await disableTotp(ctx, formFields(form));
    revalidatePath("/profile");
    return { message: "Two-factor authentication is off." };
  },
  { form: {} },
);
