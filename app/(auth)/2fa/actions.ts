"use server";

import { redirect } from "next/navigation";
import { definePublicAction } from "@/lib/server/action";
import { verifySecondFactor } from "@/lib/server/auth/login-flow";
import { formFields } from "@/lib/form-state";

// Public, but only the signed pending-2FA cookie (set after a correct password) gets anywhere.
export const verifyTwoFactor = definePublicAction(
  async (ctx, _prev: unknown, form: unknown) => redirect((await verifySecondFactor(ctx, formFields(form))).redirectTo),
  { form: {} },
);
