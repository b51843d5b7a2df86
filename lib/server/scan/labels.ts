import "server-only";
import { classifyQr, displayQr, type QrClass } from "@/lib/qr";
import { invalidQrText } from "@/lib/station";
import { ConflictError, ValidationError } from "../errors";

// What a scanned string must be before any row is read: the label's role decides the verb.
// Refusals carry their message key (errors.scan_*) and values: a Hindi reader reads them in Hindi.

export function invalidQr(label: Extract<QrClass, { kind: "invalid" }>): ValidationError {
  const err = new ValidationError(label.message, undefined, "invalid_qr");
  const text = invalidQrText(label);
  return text ? err.say(text.values, text.key) : err;
}

/** A parent label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireParentLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label);
  if (label.kind === "child") {
    const qr = displayQr(label.qr);
    throw new ConflictError("wrong_type", `${qr} is a child label, not a parent. Scan a parent label (SB12345 or M444-12345).`).say({ qr }, "scan_child_label_as_parent");
  }
  return label;
}

/** A child label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireChildLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label);
  if (label.kind === "parent") {
    const qr = displayQr(label.qr);
    throw new ConflictError("wrong_type", `${qr} is a parent label; a parent cannot go inside another parent. Scan a child label.`).say({ qr }, "scan_parent_label_as_child");
  }
  return label;
}
