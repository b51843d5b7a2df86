import "server-only";
import { classifyQr, displayQr } from "@/lib/qr";
import { ConflictError, ValidationError } from "../errors";

// What a scanned string must be before any row is read: the label's role decides the verb.

export function invalidQr(message: string): ValidationError {
  return new ValidationError(message, undefined, "invalid_qr");
}

/** A parent label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireParentLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label.message);
  if (label.kind === "child") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(label.qr)} is a child label, not a parent. Scan a parent label (SB12345 or M444-12345).`,
    );
  }
  return label;
}

/** A child label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireChildLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label.message);
  if (label.kind === "parent") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(label.qr)} is a parent label; a parent cannot go inside another parent. Scan a child label.`,
    );
  }
  return label;
}
