"use server";

import { revalidatePath } from "next/cache";
import type { Notice } from "@/lib/dto/account";
import { formatCount } from "@/lib/format";
import { defineAction } from "@/lib/server/action";
import { readerTranslator } from "@/lib/server/admin/i18n";
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
    const { locale, t } = await readerTranslator("users.notices");
    const count = reset.sessionsEnded;
    return { message: t("twoFactorReset", { username: reset.username, count, n: formatCount(count, locale) }) };
  },
  { form: {} },
);
