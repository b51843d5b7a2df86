import type { BagStatus, BagType } from "@/lib/domain";
import { parentKindOf } from "@/lib/qr";

const PARENT_STATUS: Record<BagStatus, string> = { pending: "Empty", in_progress: "Packing", completed: "Complete" };

/** "Parent · SB", "Parent · M444" or "Child". */
export function formatBagType(type: BagType, qr: string): string {
  return type === "child" ? "Child" : `Parent · ${parentKindOf(qr)}`;
}

/** A parent's packing state; a child's state is whether it sits in a parent. */
export function formatBagStatus(type: BagType, status: BagStatus, parentQr: string | null): string {
  if (type === "child") return parentQr ? "Packed" : "Not packed";
  return PARENT_STATUS[status];
}
