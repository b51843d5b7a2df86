"use server";

import { revalidatePath } from "next/cache";
import type { Notice } from "@/lib/dto/account";
import { defineAction } from "@/lib/server/action";
import { decidePromotion } from "@/lib/server/promotions/decide";
import { formFields } from "@/lib/form-state";
import { formatRole } from "@/lib/domain";

/** Approve or reject one request (the pressed button's `decision`), with an optional note. */
export const decidePromotionAction = defineAction(
  { permission: "promotion:decide", limit: "default" },
  async (ctx, requestId: unknown, _prev: unknown, form: unknown): Promise<Notice> => {
    const { decision, note } = formFields(form, ["decision", "note"]);
    const decided = await decidePromotion(ctx, { requestId, decision, note });
    revalidatePath("/admin/promotions");
    revalidatePath("/admin");
    const what =
      decided.status === "approved"
        ? `${decided.username} is now ${formatRole(decided.requestedRole).toLowerCase()}; their sessions were ended.`
        : `The request of ${decided.username} was rejected.`;
    const mail = { sent: "They were mailed the decision.", no_email: "They have no e-mail address, so no mail was sent.", failed: "The mail to them failed; tell them yourself." }[decided.mail];
    return { message: `${what} ${mail}` };
  },
  { form: {} },
);
