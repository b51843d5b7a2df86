"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formFields } from "@/lib/form-state";
import { echoReturnForm, RETURN_FORM_FIELDS, returnHref } from "@/lib/returns";
import { defineAction } from "@/lib/server/action";
import { cancelTicket } from "@/lib/server/returns/cancel";
import { returnBag } from "@/lib/server/returns/scan";
import { finalizeTicket, updateTicket } from "@/lib/server/returns/tickets";

// Server actions are public POST endpoints: the guard runs first, then the same verbs (and
// schemas) as the JSON routes (/api/returns/[code]/…).

const MANAGE = { permission: "returns:manage" } as const;

/** One scanned parent: the verb's own answer (POST /api/returns/[code]/bags). */
export const returnBagAction = defineAction(MANAGE, (ctx, code: unknown, qr: unknown) => returnBag(ctx, { code, qr }), {
  lost: "this scan was not saved",
});

/** Finalize or cancel: the page is rendered again as the ticket's read-only record. */
export const finalizeTicketAction = defineAction(MANAGE, async (ctx, code: unknown) => {
  const ticket = await finalizeTicket(ctx, { code });
  revalidatePath(returnHref(ticket.code));
  return { ticket };
});

export const cancelTicketAction = defineAction(MANAGE, async (ctx, code: unknown) => {
  const ticket = await cancelTicket(ctx, { code });
  revalidatePath(returnHref(ticket.code));
  return { ticket };
});

/** The edit form (bound to the code): C&F location and notes, while the ticket is open. */
export const updateTicketAction = defineAction(
  MANAGE,
  async (ctx, code: unknown, _prev: unknown, formData: FormData) => {
    const fields = formFields(formData, RETURN_FORM_FIELDS);
    const ticket = await updateTicket(ctx, { code, area: fields.area, notes: fields.notes });
    revalidatePath(returnHref(ticket.code));
    const t = await getTranslations("returns.form");
    return { message: t("saved", { code: ticket.code }) };
  },
  { form: {}, lost: "nothing was saved", echo: (_code, _prev, formData) => echoReturnForm(formData) },
);
