import type { LabelKind } from "../labels";

// Printed QR labels (issue 18) as the verbs return them and the JSON routes send them.

/** One reserved range: numbers firstNumber … firstNumber + count - 1 of the series `kind`. */
export interface LabelReservationDto {
  id: number;
  kind: LabelKind;
  /** The first and last code, e.g. "SB00001" and "SB00024". */
  first: string;
  last: string;
  count: number;
  firstNumber: number;
  createdAt: Date;
  /** Who reserved it (username); null once that user is deleted. */
  reservedBy: string | null;
  note: string | null;
}

/** POST /api/labels → 201 */
export interface ReservedLabels {
  reservation: LabelReservationDto;
}

/** GET /api/labels: the latest 50, newest first. */
export interface LabelReservationList {
  reservations: LabelReservationDto[];
}

/** What a series would hand out next (the /labels form's hint): null once it is used up. */
export interface NextFreeLabel {
  kind: LabelKind;
  next: string | null;
  /** Numbers left in the series from `next` on. */
  left: number;
}

/** The reserve form's answer on success: the range and a sentence saying so. */
export interface ReservedLabelsNotice extends ReservedLabels {
  message: string;
}

/** What a refused reserve form carries back: what was typed. */
export interface ReserveLabelsEcho {
  values: { kind?: string; count?: string; note?: string };
}
