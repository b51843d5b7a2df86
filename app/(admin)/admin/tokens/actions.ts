"use server";

import { revalidatePath } from "next/cache";
import type { ApiTokenEcho, ApiTokenNotice, IssuedApiTokenNotice } from "@/lib/dto/tokens";
import { formFields } from "@/lib/form-state";
import { defineAction } from "@/lib/server/action";
import { readerTranslator } from "@/lib/server/admin/i18n";
import type { Access } from "@/lib/server/context";
import { ValidationError } from "@/lib/server/errors";
import { issueApiToken, revokeApiToken } from "@/lib/server/tokens/manage";

// API tokens (tokens:manage: admins with 2FA); each change counts against the admin's "default" budget.
const MANAGE_TOKENS: Access = { permission: "tokens:manage", limit: "default" };
const FIELDS = ["name", "role", "area", "expiresAt", "confirmAdmin"] as const;
// Enough for any acceptable value; a pasted page is not sent back whole.
const ECHO_MAX = 100;

function echoToken(form: unknown): ApiTokenEcho {
  const { confirmAdmin, ...typed } = formFields(form, FIELDS);
  const values = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, v.slice(0, ECHO_MAX)]));
  return { values: { ...values, confirmAdmin: confirmAdmin === "on" } };
}

export const issueApiTokenAction = defineAction(
  MANAGE_TOKENS,
  async (ctx, _prev: unknown, form: unknown): Promise<IssuedApiTokenNotice> => {
    const { confirmAdmin, ...input } = formFields(form, FIELDS);
    // The API's explicit `role: "admin"` is, on the form, the role plus this box.
    const { t } = await readerTranslator("tokens.notices");
    if (input.role === "admin" && confirmAdmin !== "on") {
      const message = t("confirmAdmin");
      throw new ValidationError(message, { confirmAdmin: [message] });
    }
    // The area select stays in the form for every role; only a dispatcher's counts.
    const issued = await issueApiToken(ctx, { ...input, area: input.role === "dispatcher" ? input.area : undefined });
    revalidatePath("/admin/tokens");
    return { ...issued, message: t("issued", { prefix: issued.prefix }) };
  },
  { form: {}, echo: (_prev, form) => echoToken(form) },
);

export const revokeApiTokenAction = defineAction(MANAGE_TOKENS, async (ctx, tokenId: unknown): Promise<ApiTokenNotice> => {
  const { revoked } = await revokeApiToken(ctx, { id: tokenId });
  revalidatePath("/admin/tokens");
  const { t } = await readerTranslator("tokens.notices");
  return { message: revoked ? t("revoked") : t("alreadyRevoked") };
});
