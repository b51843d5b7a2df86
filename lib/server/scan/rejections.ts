import "server-only";
import type { Db } from "@/db/client";
import { scans, SCAN_ACTIONS } from "@/db/schema";
import { normalizeQr } from "@/lib/qr";
import type { Actor } from "../service";
import { AppError } from "../errors";

type ScanAction = (typeof SCAN_ACTIONS)[number];

/** Bags that existed before the failed transaction, so a rejected scan can point at them. */
export interface ScanTrail {
  parentBagId: number | null;
  childBagId: number | null;
  dispatchArea: Actor["dispatchArea"];
}

export function newTrail(actor: Actor): ScanTrail {
  return { parentBagId: null, childBagId: null, dispatchArea: actor.dispatchArea };
}

// Refusals of real labels are history worth keeping; unreadable input (invalid_qr) and
// permission problems are not, so junk cannot flood the scans table. A refusal on a completed
// bill is recorded too: someone tried to add to a closed truck load.
const RECORDED_REJECTIONS = new Set([
  "wrong_type",
  "linked_elsewhere",
  "parent_full",
  "parent_completed",
  "bill_completed",
  "wrong_area",
  "parent_not_found",
]);

/** Records a refused scan after its transaction rolled back; never masks the original error. */
export async function recordRejection(
  db: Db,
  actor: Actor,
  action: ScanAction,
  rawQr: string,
  err: unknown,
  trail: ScanTrail,
): Promise<void> {
  if (!(err instanceof AppError) || !RECORDED_REJECTIONS.has(err.code)) return;
  try {
    await db.insert(scans).values({
      userId: actor.id,
      action,
      result: `rejected:${err.code}`,
      qr: normalizeQr(rawQr).slice(0, 20),
      parentBagId: trail.parentBagId,
      childBagId: trail.childBagId,
      dispatchArea: trail.dispatchArea,
    });
  } catch (recordErr) {
    console.error("[scan] could not record a rejected scan", recordErr);
  }
}
