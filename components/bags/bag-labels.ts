import type { BagStatus, BagType } from "@/lib/domain";
import type { ParentSeal } from "@/lib/dto/scan";
import { parentKindOf } from "@/lib/qr";
import { formatIstDateTime } from "@/lib/time";

const PARENT_STATUS: Record<BagStatus, string> = { pending: "Empty", in_progress: "Packing", completed: "Complete" };

/** "Parent · SB", "Parent · M444" or "Child". */
export function formatBagType(type: BagType, qr: string): string {
  return type === "child" ? "Child" : `Parent · ${parentKindOf(qr)}`;
}

/** A parent's packing state ("Finished" when sealed below capacity); a child's is whether it sits in a parent. */
export function formatBagStatus(type: BagType, status: BagStatus, parentQr: string | null, finished = false): string {
  if (type === "child") return parentQr ? "Packed" : "Not packed";
  return finished ? "Finished" : PARENT_STATUS[status];
}

/** "Finished at 12 of 30 — Short lot, by ravi, 30 Nov 2026, 10:02 IST" */
export function formatSeal(seal: ParentSeal, childCount: number, capacity: number | null): string {
  return `Finished at ${childCount} of ${capacity ?? "—"} — ${seal.reason}, by ${seal.by ?? "a deleted user"}, ${formatIstDateTime(seal.at)} IST`;
}
