import "server-only";
import type { Tx } from "@/db/client";
import { bags, scans } from "@/db/schema";
import type { ParentScanResult } from "@/lib/dto/scan";
import { displayQr, parentKindOf } from "@/lib/qr";
import { ScanParentInput } from "@/lib/schemas/scan";
import { audit } from "../audit";
import { bagColumns, capacityOf, qrIs, seesAllAreas, type BagState } from "../bags/scope";
import type { ServiceContext } from "../service";
import { ConflictError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { assertMayScan, wrongAreaError } from "./access";
import { requireParentLabel } from "./labels";
import { newTrail, recordRejection, type ScanTrail } from "./rejections";

async function findBag(tx: Tx, qr: string) {
  const [row] = await tx.select(bagColumns).from(bags).where(qrIs(qr)).limit(1);
  return row;
}

/**
 * Selects a parent for packing, creating it if new: type and capacity come from the label,
 * the area from a dispatcher's own area (billers and admins create area-less parents).
 */
export async function scanParent(ctx: ServiceContext, input: unknown): Promise<ParentScanResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const { qr: rawQr } = parseInput(ScanParentInput, input);
  const trail = newTrail(actor);
  try {
    const label = requireParentLabel(rawQr);
    const { bag, created } = await db.transaction((tx) => selectOrCreateParent(tx, ctx, label, trail));
    // The area stays on the server: it only tells the counters where the scan happened.
    const change = new StatsChange().scan(bag.dispatchArea, actor.id);
    if (created) change.bag("parent", bag.dispatchArea, 1);
    await bumpStats(change);
    const { qr, status, childCount } = bag;
    return { parent: { qr, type: parentKindOf(qr), status, childCount, capacity: capacityOf(bag), created } };
  } catch (err) {
    await recordRejection(db, actor, "parent", rawQr, err, trail);
    throw err;
  }
}

async function selectOrCreateParent(
  tx: Tx,
  ctx: ServiceContext,
  label: { qr: string; capacity: number },
  trail: ScanTrail,
): Promise<{ bag: BagState; created: boolean }> {
  const { actor } = ctx;
  const ownArea = seesAllAreas(actor) ? null : actor.dispatchArea;
  let bag = await findBag(tx, label.qr);
  let created = false;
  if (!bag) {
    // Two stations may create the same parent at once: the loser's insert does nothing
    // (it waits for the winner's commit) and the re-select below finds the winner's row.
    const [inserted] = await tx
      .insert(bags)
      .values({ qr: label.qr, type: "parent", capacity: label.capacity, dispatchArea: ownArea, createdBy: actor.id })
      .onConflictDoNothing()
      .returning(bagColumns);
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
  if (!seesAllAreas(actor) && bag.dispatchArea !== actor.dispatchArea) {
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
    await audit(tx, ctx, {
      action: "parent_created",
      entityType: "bag",
      entityId: bag.id,
      after: { qr: bag.qr, type: bag.type, capacity: bag.capacity, dispatchArea: bag.dispatchArea },
    });
  }
  return { bag, created };
}
