import "server-only";
import type { Column, SQL } from "drizzle-orm";
import { hotSql, selectRows, type Tx } from "@/db/client";
import { bags, billBags, bills, users } from "@/db/schema";
import type { BillStatus, DispatchArea } from "@/lib/domain";
import { displayQr } from "@/lib/qr";
import { isBillFrozen } from "@/lib/domain";
import { areaFilter, qrIs, type BagState, type BagViewer } from "../bags/scope";
import { ConflictError, NotFoundError } from "../errors";
import { withinUndoWindow } from "./window";

/** The bill a locked parent is on, as read under the bill's shared row lock. */
export interface ParentBill {
  billNumber: string;
  status: BillStatus;
}

/** A parent locked for a scan or undo, with the bill it is on (null: none). */
export interface LockedParent {
  parent: BagState;
  bill: ParentBill | null;
}

/** The columns a parent lock selects, under the aliases parentOfRow reads. */
export interface LockedParentRow extends Record<string, unknown> {
  id: number | string;
  qr: string;
  type: BagState["type"];
  status: BagState["status"];
  child_count: number;
  capacity: number | null;
  dispatch_area: DispatchArea | null;
  bill_number: string | null;
  bill_status: BillStatus | null;
}

export const ANY_AREA = hotSql`true`;

/**
 * `left join lateral … bill` (columns bill_number, bill_status): the bill parent `parentId` is on,
 * its row locked FOR SHARE until commit, so it cannot be completed while this scan or undo runs.
 * Lock order bill → parent, as the bill verbs: this lateral locks before the outer FOR … OF does.
 */
export function billOfParent(parentId: Column): SQL {
  return hotSql`left join lateral (
      select ${bills.billNumber} as bill_number, ${bills.status} as bill_status
        from ${billBags}
        join ${bills} on ${bills.id} = ${billBags.billId}
       where ${billBags.bagId} = ${parentId}
       limit 1
         for share of ${bills}
    ) bill on true`;
}

export function parentOfRow(row: LockedParentRow): LockedParent {
  const parent: BagState = {
    id: Number(row.id),
    qr: row.qr,
    type: row.type,
    status: row.status,
    childCount: row.child_count,
    capacity: row.capacity,
    dispatchArea: row.dispatch_area,
  };
  const bill = row.bill_number === null || row.bill_status === null ? null : { billNumber: row.bill_number, status: row.bill_status };
  return { parent, bill };
}

/** A finished (sealed) parent's seal as a change reads it under the parent's lock. */
export interface LockedSeal {
  at: Date;
  byId: string | null;
  by: string | null;
  reason: string;
  /** Finished inside the undo window (by the database's clock). */
  recent: boolean;
}

/** A parent locked for an undo, remove, finish or reopen: also its seal, if finished. */
export interface LockedForChange extends LockedParent {
  seal: LockedSeal | null;
}

interface LockedForChangeRow extends LockedParentRow {
  finished_ms: number | null;
  finished_by: string | null;
  finished_by_name: string | null;
  finish_reason: string | null;
  finished_recently: boolean | null;
}

/**
 * Locks the parent row for the rest of the transaction, so scans, undos, removals and finishes on
 * one parent run one at a time, share-locks its bill (billOfParent) and reads its seal. NO KEY
 * UPDATE serialises them like FOR UPDATE but does not block the foreign key checks of bill_bags
 * inserts (KEY SHARE).
 */
export async function lockParent(tx: Tx, viewer: BagViewer, qr: string): Promise<LockedForChange | undefined> {
  const [row] = await selectRows<LockedForChangeRow>(
    tx,
    hotSql`select ${bags.id} as id, ${bags.qr} as qr, ${bags.type} as type, ${bags.status} as status,
                  ${bags.childCount} as child_count, ${bags.capacity} as capacity, ${bags.dispatchArea} as dispatch_area,
                  bill.bill_number, bill.bill_status,
                  (extract(epoch from ${bags.finishedAt}) * 1000)::float8 as finished_ms, ${bags.finishedBy} as finished_by, ${users.username} as finished_by_name,
                  ${bags.finishReason} as finish_reason, ${withinUndoWindow(bags.finishedAt)} as finished_recently
             from ${bags}
             ${billOfParent(bags.id)}
             left join ${users} on ${users.id} = ${bags.finishedBy}
            where ${qrIs(qr)} and ${areaFilter(viewer) ?? ANY_AREA}
            limit 1
              for no key update of ${bags}`,
  );
  if (!row) return undefined;
  const seal =
    row.finished_ms === null || row.finish_reason === null
      ? null
      : {
          at: new Date(Number(row.finished_ms)),
          byId: row.finished_by,
          by: row.finished_by_name,
          reason: row.finish_reason,
          recent: row.finished_recently === true,
        };
  return { ...parentOfRow(row), seal };
}

/** A parent on a completed (frozen) bill takes no child and gives none back until the bill is reopened. */
export function assertNotFrozen({ parent, bill }: LockedParent): void {
  if (bill && isBillFrozen(bill.status)) {
    const values = { qr: displayQr(parent.qr), bill: bill.billNumber, status: bill.status };
    throw new ConflictError(
      "bill_completed",
      bill.status === "dispatched"
        ? `Parent ${values.qr} is on bill ${bill.billNumber}, which has been dispatched; it can no longer change.`
        : `Parent ${values.qr} is on bill ${bill.billNumber}, which is ${bill.status}. Reopen the bill to change it.`,
    ).say(values, bill.status === "dispatched" ? "scan_bill_dispatched" : "scan_bill_frozen");
  }
}

/** No parent `qr` the actor may scan into: unknown and another area's parents answer alike. */
export function parentNotFound(qr: string): NotFoundError {
  const shown = displayQr(qr);
  return new NotFoundError(`Parent ${shown} was not found. Scan the parent label again.`, "parent_not_found").say({ qr: shown }, "scan_parent_not_found");
}

/** The locked "parent" is stored as a child bag. */
export function notAParent(qr: string): ConflictError {
  const shown = displayQr(qr);
  return new ConflictError("wrong_type", `${shown} is registered as a child bag, not a parent.`).say({ qr: shown }, "scan_not_a_parent");
}

/**
 * The parent `qr` locked for an undo, remove, finish or reopen: in the actor's area (else
 * parent_not_found), a parent (else wrong_type), not on a completed bill (else bill_completed).
 */
export async function lockParentForChange(tx: Tx, viewer: BagViewer, qr: string): Promise<LockedForChange> {
  const locked = await lockParent(tx, viewer, qr);
  if (!locked) throw parentNotFound(qr);
  if (locked.parent.type !== "parent") throw notAParent(locked.parent.qr);
  assertNotFrozen(locked);
  return locked;
}
