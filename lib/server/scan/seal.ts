import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, users } from "@/db/schema";
import type { ParentSeal, StationParent } from "@/lib/dto/scan";
import { displayQr, parentKindOf } from "@/lib/qr";
import { formatIstDateTime } from "@/lib/time";
import { capacityOf, type BagState } from "../bags/scope";
import { ConflictError } from "../errors";

// A parent finished below capacity ("Finish at n") is completed with a seal: finished_at,
// finished_by and finish_reason. These helpers read and word it for the scan verbs.

/** The seal of a parent (null: not finished). */
export async function readSeal(db: Db | Tx, parentId: number): Promise<ParentSeal | null> {
  const [row] = await db
    .select({ at: bags.finishedAt, by: users.username, reason: bags.finishReason })
    .from(bags)
    .leftJoin(users, eq(users.id, bags.finishedBy))
    .where(eq(bags.id, parentId))
    .limit(1);
  return row?.at && row.reason !== null ? { at: row.at, by: row.by, reason: row.reason } : null;
}

/** A parent as the station shows it. */
export function stationParentOf(parent: Pick<BagState, "qr" | "status" | "childCount" | "capacity">, finished: ParentSeal | null): StationParent {
  const { qr, status, childCount } = parent;
  return { qr, type: parentKindOf(qr), status, childCount, capacity: capacityOf(parent), finished };
}

/** "finished at 12 of 30 (Short lot) by ravi at 30 Nov 2026, 10:02 IST" — `by` and `when` on request. */
export function describeSeal(parent: Pick<BagState, "qr" | "childCount" | "capacity">, seal: ParentSeal, options: { who?: boolean } = {}): string {
  const who = options.who ? ` by ${seal.by ?? "a deleted user"} at ${formatIstDateTime(seal.at)} IST` : "";
  return `finished at ${parent.childCount} of ${capacityOf(parent)} (${seal.reason})${who}`;
}

/**
 * Why a completed parent below capacity takes no child: it was finished (say so, and how to go
 * on). The seal is read only here, on the refusal, never on the hot path of a scan that lands.
 */
export async function completedRefusal(tx: Tx, parent: BagState): Promise<ConflictError> {
  const seal = await readSeal(tx, parent.id);
  const values = { qr: displayQr(parent.qr), count: parent.childCount, capacity: capacityOf(parent) };
  if (seal) {
    return new ConflictError("parent_completed", `Parent ${values.qr} was ${describeSeal(parent, seal)}. Reopen it to add bags.`).say(
      { ...values, reason: seal.reason },
      "scan_parent_finished",
    );
  }
  return new ConflictError("parent_completed", `Parent ${values.qr} is already completed (${values.count}/${values.capacity}) and takes no more children.`).say(
    values,
    "scan_parent_completed",
  );
}
