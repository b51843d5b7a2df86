"use server";

import type { Notice } from "@/lib/dto/account";
import { definePublicAction } from "@/lib/server/action";
import { requestPasswordReset } from "@/lib/server/auth/password-reset";
import { formFields } from "@/lib/form-state";
import { isHoneypotFilled } from "@/lib/server/honeypot";

// One answer for every address, known or not (requestPasswordReset also equalises the timing).
const SAME_ANSWER =
  "If that matches an account with an email address, we have sent it a link to reset the password. The link works once, for 1 hour.";

// Public by design; rate limited per IP and per address, honeypot-guarded (in the verb).
export const requestReset = definePublicAction(
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    const fields = formFields(form);
    await requestPasswordReset(ctx, { ...fields, honeypot: isHoneypotFilled(fields) });
    return { message: SAME_ANSWER };
  },
  { form: {} },
);
