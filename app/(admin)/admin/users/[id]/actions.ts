"use server";

import { revalidatePath } from "next/cache";
import type { Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { resetTwoFactorByAdmin } from "@/lib/server/auth/two-factor-recovery";
import { formFields } from "@/lib/form-state";

/**
 * An admin resets another user's 2FA with their own current code (the verb spends the 2fa-verify
 * budget and claims the code's time step, so the code cannot be used twice).
 */
export const resetTwoFactorAction = defineAction(
  { permission: "users:manage" },
  async (ctx, userId: unknown, _prev: unknown, form: unknown): Promise<Notice> => {
    const { code } = formFields(form, ["code"]);
    const reset = await resetTwoFactorByAdmin(ctx, { userId, code });
    revalidatePath("/admin/users");
    if (typeof userId === "string") revalidatePath(`/admin/users/${encodeURIComponent(userId)}`);
    const sessions = reset.sessionsEnded === 1 ? "1 session was" : `${reset.sessionsEnded} sessions were`;
    return { message: `Two-factor authentication of ${reset.username} is off; their backup codes are void and ${sessions} ended. They set it up again from their profile (an admin is asked to at the next sign-in).` };
  },
  { form: {} },
);
