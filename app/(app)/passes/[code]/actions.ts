"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formFields } from "@/lib/form-state";
import { passHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import { revokePass } from "@/lib/server/passes/revoke";

// Enough to show any acceptable reason again.
const REASON_ECHO_MAX = 300;

/** The revoke form (bound to the pass code): a reason is required; the page is rendered again. */
export const revokePassAction = defineAction(
  { permission: "passes:manage" },
  async (ctx, code: unknown, _prev: unknown, formData: FormData) => {
    const pass = await revokePass(ctx, { code, reason: formFields(formData, ["reason"]).reason });
    revalidatePath(passHref(pass.code));
    const t = await getTranslations("passes.revoke");
    return { message: t("done", { code: pass.code }) };
  },
  {
    form: {},
    lost: "the pass was not revoked",
    echo: (_code, _prev, formData) => ({ reason: (formFields(formData, ["reason"]).reason ?? "").slice(0, REASON_ECHO_MAX) }),
  },
);
