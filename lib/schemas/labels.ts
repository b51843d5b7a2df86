import { z } from "zod";
import { LABEL_COUNT_MAX, LABEL_FORMATS, LABEL_KINDS, LABEL_NOTE_MAX } from "../labels";
import { text } from "./text";

// Printed QR labels (issue 18): reserve a range (POST /api/labels and the /labels form) and ask
// for a reservation's PDF (GET /api/labels/[id]/pdf?format=).

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const KIND_MESSAGE = "Choose the label series: SB, M444 or child.";

/** "sb", " M444 ", "Child" are the series they spell; anything else is refused by the enum. */
function toKind(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (s === "") return undefined;
  return LABEL_KINDS.find((k) => k.toLowerCase() === s.toLowerCase()) ?? s;
}

export const LabelKindInput = z.preprocess(toKind, z.enum(LABEL_KINDS, { error: KIND_MESSAGE }));

const COUNT_MESSAGE = `Count must be a whole number from 1 to ${LABEL_COUNT_MAX}.`;

// Forms send "24"; JSON sends 24. Only whole-number strings are converted (as a bill's capacity).
function toCount(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (s === "") return undefined;
  return /^[+-]?\d{1,7}$/.test(s) ? Number(s) : v;
}

const LabelCount = z.preprocess(
  toCount,
  z
    .number({ error: (issue) => (issue.input === undefined ? `Enter how many labels to reserve (1–${LABEL_COUNT_MAX}).` : COUNT_MESSAGE) })
    .int(COUNT_MESSAGE)
    .min(1, COUNT_MESSAGE)
    .max(LABEL_COUNT_MAX, COUNT_MESSAGE),
);

/** Optional: "" or null is no note. */
const Note = z.preprocess(
  (v) => (v === null ? undefined : v),
  text("Note")
    .max(LABEL_NOTE_MAX, `Note must be at most ${LABEL_NOTE_MAX} characters.`)
    .refine((s) => !BIDI_CONTROL.test(s), "Note contains control characters.")
    .transform((s) => s || undefined)
    .optional(),
);

const EXAMPLE = `{"kind": "SB", "count": 24, "note": "Lucknow dock"}`;

/** POST /api/labels and the reserve form. */
export const ReserveLabelsJson = z.strictObject(
  { kind: LabelKindInput, count: LabelCount, note: Note },
  { error: (issue) => (issue.code === "invalid_type" ? `Send a JSON object like ${EXAMPLE}.` : undefined) },
);
export type ReserveLabelsJson = z.input<typeof ReserveLabelsJson>;

/** The fields of the reserve form: the names ReserveLabelsJson reads. */
export const RESERVE_FORM_FIELDS = ["kind", "count", "note"] as const;

/** A reservation id from a path: a positive whole number, or nothing (then it is simply not found). */
export function reservationIdOf(raw: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** ?format=a4|thermal (A4 when left out). */
export const LabelFormatInput = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? "a4" : typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(LABEL_FORMATS, { error: "format must be a4 (A4 sheet, 3 × 8) or thermal (50 × 25 mm roll)." }),
);

/** GET /api/labels/[id]/pdf */
export const LabelPdfInput = z.object({ id: z.string(), format: LabelFormatInput });
export type LabelPdfInput = z.input<typeof LabelPdfInput>;
