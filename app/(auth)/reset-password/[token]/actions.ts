"use server";

import { getTranslations } from "next-intl/server";
import type { Notice } from "@/lib/dto/account";
import { definePublicAction } from "@/lib/server/action";
import { resetPassword } from "@/lib/server/auth/password-reset";
import { formFields } from "@/lib/form-state";

// Public by design: the single-use, one-hour token from the mail is the credential.
export const resetWithToken = definePublicAction(
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    await resetPassword(ctx, formFields(form));
    return { message: (await getTranslations("auth.reset"))("done") };
  },
  { form: {} },
);
