"use server";

import { revalidatePath } from "next/cache";
import type { Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { readerTranslator, translator } from "@/lib/server/admin/i18n";
import { decidePromotion } from "@/lib/server/promotions/decide";
import { formFields } from "@/lib/form-state";

/** Approve or reject one request (the pressed button's `decision`), with an optional note. */
export const decidePromotionAction = defineAction(
  { permission: "promotion:decide", limit: "default" },
  async (ctx, requestId: unknown, _prev: unknown, form: unknown): Promise<Notice> => {
    const { decision, note } = formFields(form, ["decision", "note"]);
    const decided = await decidePromotion(ctx, { requestId, decision, note });
    revalidatePath("/admin/promotions");
    revalidatePath("/admin");
    const { locale, t } = await readerTranslator("admin.promotions");
    // "is now admin": the role in the middle of a sentence (lower case reads as a plain word).
    const role = translator(locale, "common")(`roles.${decided.requestedRole}`).toLowerCase();
    const what = decided.status === "approved" ? t("nowRole", { username: decided.username, role }) : t("wasRejected", { username: decided.username });
    return { message: t("decided", { what, mail: t(`mail.${decided.mail}`) }) };
  },
  { form: {} },
);
