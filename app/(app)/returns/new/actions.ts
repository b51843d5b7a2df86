"use server";

import { redirect } from "next/navigation";
import { formFields } from "@/lib/form-state";
import { echoReturnForm, RETURN_FORM_FIELDS, returnHref } from "@/lib/returns";
import { defineAction } from "@/lib/server/action";
import { createTicket } from "@/lib/server/returns/tickets";

/** The new-ticket form: checked by createTicket's schema; on success the ticket's scan page opens. */
export const createReturnTicketAction = defineAction(
  { permission: "returns:manage" },
  async (ctx, _prev: unknown, formData: FormData) => {
    const ticket = await createTicket(ctx, formFields(formData, RETURN_FORM_FIELDS));
    redirect(returnHref(ticket.code));
  },
  { form: {}, lost: "the ticket was not created", echo: (_prev, formData) => echoReturnForm(formData) },
);
