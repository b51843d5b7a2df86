import "server-only";
import type { LabelReservationDto } from "@/lib/dto/labels";
import { labelPdfFilename, type LabelFormat } from "@/lib/labels";
import { LabelPdfInput, reservationIdOf } from "@/lib/schemas/labels";
import { audit } from "../audit";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { renderLabelsPdf } from "./pdf";
import { assertMayReserveLabels, readReservation, reservationNotFound } from "./read";

export interface LabelPdf {
  reservation: LabelReservationDto;
  format: LabelFormat;
  /** "labels-SB00001-SB00024-a4.pdf" */
  filename: string;
  pdf: Uint8Array<ArrayBuffer>;
}

/**
 * GET /api/labels/[id]/pdf?format=a4|thermal: the reservation's labels as a PDF. Printing again
 * is allowed (a jammed sheet, a lost roll); every print is audited (labels_printed).
 */
export async function printLabels(ctx: ServiceContext, input: unknown): Promise<LabelPdf> {
  assertMayReserveLabels(ctx);
  const { id: rawId, format } = parseInput(LabelPdfInput, input);
  const id = reservationIdOf(rawId);
  if (id === null) throw reservationNotFound(rawId);
  const reservation = await readReservation(ctx.db, id);
  const pdf = await renderLabelsPdf({ kind: reservation.kind, firstNumber: reservation.firstNumber, count: reservation.count, format });
  await audit(ctx.db, ctx, {
    action: "labels_printed",
    entityType: "label_reservation",
    entityId: reservation.id,
    details: { kind: reservation.kind, first: reservation.first, last: reservation.last, count: reservation.count, format },
  });
  return { reservation, format, filename: labelPdfFilename(reservation.first, reservation.last, format), pdf };
}
