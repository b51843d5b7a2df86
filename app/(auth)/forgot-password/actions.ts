"use server";

import { getTranslations } from "next-intl/server";
import type { Notice } from "@/lib/dto/account";
import { definePublicAction } from "@/lib/server/action";
import { requestPasswordReset } from "@/lib/server/auth/password-reset";
import { formFields } from "@/lib/form-state";
import { isHoneypotFilled } from "@/lib/server/honeypot";

// Public by design; rate limited per IP and per address, honeypot-guarded (in the verb).
export const requestReset = definePublicAction(
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    const fields = formFields(form);
    await requestPasswordReset(ctx, { ...fields, honeypot: isHoneypotFilled(fields) });
    // One answer for every address, known or not (requestPasswordReset also equalises the timing).
    return { message: (await getTranslations("auth.forgot"))("sent") };
  },
  { form: {} },
);
