"use server";

import { revalidatePath } from "next/cache";
import type { ReservedLabelsNotice, ReserveLabelsEcho } from "@/lib/dto/labels";
import { formFields } from "@/lib/form-state";
import { formatLabelRange } from "@/lib/labels";
import { RESERVE_FORM_FIELDS } from "@/lib/schemas/labels";
import { defineAction } from "@/lib/server/action";
import { reserveLabels } from "@/lib/server/labels/reserve";

// Enough for any acceptable value; a pasted page is not sent back whole.
const ECHO_MAX = 300;

function echoReserveForm(form: unknown): ReserveLabelsEcho {
  const typed = formFields(form, RESERVE_FORM_FIELDS);
  return { values: Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}

/** The /labels form: reserves the next free range; the page then shows it with its PDF links. */
export const reserveLabelsAction = defineAction(
  { permission: "labels:reserve" },
  async (ctx, _prev: unknown, form: unknown): Promise<ReservedLabelsNotice> => {
    const { reservation } = await reserveLabels(ctx, formFields(form, RESERVE_FORM_FIELDS));
    revalidatePath("/labels");
    const labels = `${reservation.count} label${reservation.count === 1 ? "" : "s"}`;
    return { reservation, message: `Reserved ${labels}: ${formatLabelRange(reservation.first, reservation.last)}. Download the PDF below.` };
  },
  { form: {}, lost: "no labels were reserved", echo: (_prev, form) => echoReserveForm(form) },
);
