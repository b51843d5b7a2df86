import "server-only";
import { and } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags } from "@/db/schema";
import { displayQr } from "@/lib/qr";
import { areaFilter, bagColumns, qrIs, type BagState, type BagViewer } from "../bags/scope";
import { ConflictError, NotFoundError } from "../errors";

/**
 * Locks the parent row for the rest of the transaction, so scans and undos on one parent run
 * one at a time. NO KEY UPDATE serialises them like FOR UPDATE but does not block the foreign
 * key checks of bill_bags inserts, which only need KEY SHARE.
 */
export async function lockParent(tx: Tx, viewer: BagViewer, qr: string): Promise<BagState | undefined> {
  const [row] = await tx
    .select(bagColumns)
    .from(bags)
    .where(and(qrIs(qr), areaFilter(viewer)))
    .limit(1)
    .for("no key update");
  return row;
}

/** No parent `qr` the actor may scan into: unknown and another area's parents answer alike. */
export function parentNotFound(qr: string): NotFoundError {
  return new NotFoundError(`Parent ${displayQr(qr)} was not found. Scan the parent label again.`, "parent_not_found");
}

/** The locked "parent" is stored as a child bag. */
export function notAParent(qr: string): ConflictError {
  return new ConflictError("wrong_type", `${displayQr(qr)} is registered as a child bag, not a parent.`);
}
