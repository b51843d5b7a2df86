import { z } from "zod";
import { DISPATCH_AREAS } from "../domain";
import { MAX_RAW_QR_LENGTH } from "../qr";
import { text } from "./text";

// Only the shape is checked here; what a QR means (parent, child, invalid) is decided by
// classifyQr inside the mutation, so forms, routes and imports share one rule.
function qrField(name: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required.` : `${name} must be a string.`) })
    .max(MAX_RAW_QR_LENGTH, `${name} is too long (at most ${MAX_RAW_QR_LENGTH} characters).`);
}

function jsonObject<Shape extends z.ZodRawShape>(shape: Shape, example: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "invalid_type" ? `Send a JSON object like ${example}.` : undefined),
  });
}

/**
 * A scan's idempotency key (the offline queue sends crypto.randomUUID()): a repeat of the key by
 * the same user gets the first answer again and changes nothing.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const IdempotencyKey = z
  .string({ error: "idempotencyKey must be a string." })
  .regex(IDEMPOTENCY_KEY_PATTERN, "idempotencyKey must be 8 to 64 letters, digits, '-' or '_'.");

/** The station's dispatch area: where a new (or area-less) parent is packed. */
export const StationArea = z.enum(DISPATCH_AREAS, { message: `area must be one of: ${DISPATCH_AREAS.join(", ")}.` });

export const ScanParentInput = jsonObject(
  { qr: qrField("qr"), area: StationArea.optional(), idempotencyKey: IdempotencyKey.optional() },
  `{"qr": "SB12345", "area": "lucknow"}`,
);
export type ScanParentInput = z.infer<typeof ScanParentInput>;

export const ScanChildInput = jsonObject(
  { parentQr: qrField("parentQr"), qr: qrField("qr"), idempotencyKey: IdempotencyKey.optional() },
  `{"parentQr": "SB12345", "qr": "0016557"}`,
);
export type ScanChildInput = z.infer<typeof ScanChildInput>;

export const UndoInput = jsonObject({ parentQr: qrField("parentQr") }, `{"parentQr": "SB12345"}`);
export type UndoInput = z.infer<typeof UndoInput>;

export const RemoveChildInput = jsonObject(
  { parentQr: qrField("parentQr"), childQr: qrField("childQr") },
  `{"parentQr": "SB12345", "childQr": "0016557"}`,
);
export type RemoveChildInput = z.infer<typeof RemoveChildInput>;

export const FINISH_REASON_MIN = 3;
export const FINISH_REASON_MAX = 200;

export const FinishParentInput = jsonObject(
  {
    parentQr: qrField("parentQr"),
    reason: text("Reason", { missing: "Say why the parent is finished below capacity." })
      .min(FINISH_REASON_MIN, `Reason must be at least ${FINISH_REASON_MIN} characters.`)
      .max(FINISH_REASON_MAX, `Reason must be at most ${FINISH_REASON_MAX} characters.`),
  },
  `{"parentQr": "SB12345", "reason": "Short lot"}`,
);
export type FinishParentInput = z.infer<typeof FinishParentInput>;

export const ReopenParentInput = jsonObject({ parentQr: qrField("parentQr") }, `{"parentQr": "SB12345"}`);
export type ReopenParentInput = z.infer<typeof ReopenParentInput>;

export const ParentChildrenInput = jsonObject({ parentQr: qrField("parentQr") }, `{"parentQr": "SB12345"}`);
export type ParentChildrenInput = z.infer<typeof ParentChildrenInput>;
