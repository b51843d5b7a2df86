import { z } from "zod";
import { MAX_RAW_QR_LENGTH } from "../qr";
import { text } from "./text";

// The load check at the truck (issue 18): a biller re-scans the parents on the truck and the
// server compares them with the bill. A scan, a preview of a whole list, and the saved report.

/** At most this many labels in one check (a bill holds at most 500 parents). */
export const LOAD_CHECK_MAX_QRS = 1000;
/** As the load_checks_notes_check constraint says. */
export const LOAD_CHECK_NOTES_MAX = 500;

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const objectError = (example: string) => ({
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? `Send a JSON object like ${example}.` : undefined),
});

/** A bill named by the path: any text, looked up normalized (one that cannot exist is a 404). */
const BillRef = z.string({ error: "Bill number must be text." });

/** One scanned label as sent: classified (parent, child, invalid) by the verb, not refused here. */
const ScannedQr = z
  .string({ error: "Each QR must be a string." })
  .max(MAX_RAW_QR_LENGTH, `A QR is too long (at most ${MAX_RAW_QR_LENGTH} characters).`);

const Qrs = z
  .array(ScannedQr, { error: (issue) => (issue.input === undefined ? "qrs is required: the labels scanned on the truck." : "qrs must be an array of strings.") })
  .max(LOAD_CHECK_MAX_QRS, `At most ${LOAD_CHECK_MAX_QRS} QRs in one load check.`);

/** Optional notes; blank or null is none. */
const Notes = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  text("Notes", { multiline: true })
    .max(LOAD_CHECK_NOTES_MAX, `Notes must be at most ${LOAD_CHECK_NOTES_MAX} characters.`)
    .refine((s) => !BIDI_CONTROL.test(s), "Notes contains control characters.")
    .transform((s) => s || undefined)
    .optional(),
);

const SAVE_EXAMPLE = `{"qrs": ["SB12345", "SB12346"], "notes": "Truck RJ14 GB 1234"}`;

/** POST /api/bills/[billNumber]/check and the check page's Save: the labels scanned, in order. */
export const SaveLoadCheckJson = z.strictObject({ billNumber: BillRef, qrs: Qrs, notes: Notes }, objectError(SAVE_EXAMPLE));
export type SaveLoadCheckJson = z.input<typeof SaveLoadCheckJson>;

/** The check page after a reload: the same list classified again, nothing saved. */
export const PreviewLoadCheckInput = z.strictObject({ billNumber: BillRef, qrs: Qrs }, objectError(`{"qrs": ["SB12345"]}`));

/** One scan at the truck. */
export const LoadScanInput = z.strictObject({ billNumber: BillRef, qr: ScannedQr }, objectError(`{"qr": "SB12345"}`));

/** A check id from a path: a positive whole number, else null (then it is simply not found). */
export function loadCheckIdOf(raw: string | number): number | null {
  const s = String(raw).trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const id = Number(s);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
