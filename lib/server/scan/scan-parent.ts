import "server-only";
import type { Db, Tx } from "@/db/client";
import { bags, scans } from "@/db/schema";
import { can } from "@/lib/permissions";
import { displayQr } from "@/lib/qr";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import {
  assertMayScan,
  capacityOf,
  newTrail,
  parentKindOf,
  qrIs,
  recordRejection,
  requireParentLabel,
  wrongAreaError,
  type ScanTrail,
} from "./shared";
import type { ParentDto, RequestMeta, ScanActor } from "./types";

const parentColumns = {
  id: bags.id,
  qr: bags.qr,
  type: bags.type,
  status: bags.status,
  childCount: bags.childCount,
  capacity: bags.capacity,
  dispatchArea: bags.dispatchArea,
};

async function findBag(tx: Tx, qr: string) {
  const [row] = await tx.select(parentColumns).from(bags).where(qrIs(qr)).limit(1);
  return row;
}

/**
 * Selects a parent for packing, creating it if new: type and capacity come from the label,
 * the area from a dispatcher's own area (billers and admins create area-less parents).
 */
export async function scanParent(
  db: Db,
  actor: ScanActor,
  rawQr: string,
  meta: RequestMeta,
): Promise<{ parent: ParentDto }> {
  assertMayScan(actor);
  const trail = newTrail(actor);
  try {
    const label = requireParentLabel(rawQr);
    const result = await db.transaction((tx) => selectOrCreateParent(tx, actor, label, meta, trail));
    const change = new StatsChange().scan(result.parent.dispatchArea, actor.id);
    if (result.parent.created) change.bag("parent", result.parent.dispatchArea, 1);
    await bumpStats(change);
    return result;
  } catch (err) {
    await recordRejection(db, actor, "parent", rawQr, err, trail);
    throw err;
  }
}

async function selectOrCreateParent(
  tx: Tx,
  actor: ScanActor,
  label: { qr: string; capacity: number },
  meta: RequestMeta,
  trail: ScanTrail,
): Promise<{ parent: ParentDto }> {
  const ownArea = can(actor.role, "bags:view_all_areas") ? null : actor.dispatchArea;
  let bag = await findBag(tx, label.qr);
  let created = false;
  if (!bag) {
    // Two stations may create the same parent at once: the loser's insert does nothing
    // (it waits for the winner's commit) and the re-select below finds the winner's row.
    const [inserted] = await tx
      .insert(bags)
      .values({ qr: label.qr, type: "parent", capacity: label.capacity, dispatchArea: ownArea, createdBy: actor.id })
      .onConflictDoNothing()
      .returning(parentColumns);
    created = inserted !== undefined;
    bag = inserted ?? (await findBag(tx, label.qr));
    if (!bag) throw new Error(`bag ${label.qr} neither inserted nor found`);
  }
  if (!created) trail.parentBagId = bag.id;
  if (bag.type !== "parent") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(bag.qr)} is registered as a child bag; a QR keeps its role forever and cannot become a parent.`,
    );
  }
  // Scanning a parent label must say why a bag that exists is refused, so this compares
  // after the lookup (the only thing revealed is "another area").
  if (!can(actor.role, "bags:view_all_areas") && bag.dispatchArea !== actor.dispatchArea) {
    throw wrongAreaError("Parent", bag.qr, actor);
  }

  await tx.insert(scans).values({
    userId: actor.id,
    action: "parent",
    result: created ? "created" : "selected",
    qr: bag.qr,
    parentBagId: bag.id,
    dispatchArea: bag.dispatchArea,
  });
  if (created) {
    await writeAudit(tx, {
      action: "parent_created",
      userId: actor.id,
      actor: actor.username,
      entityType: "bag",
      entityId: bag.id,
      after: { qr: bag.qr, type: bag.type, capacity: bag.capacity, dispatchArea: bag.dispatchArea },
      ip: meta.ip,
      requestId: meta.requestId,
    });
  }
  return {
    parent: {
      qr: bag.qr,
      type: parentKindOf(bag.qr),
      status: bag.status,
      childCount: bag.childCount,
      capacity: capacityOf(bag),
      dispatchArea: bag.dispatchArea,
      created,
    },
  };
}
