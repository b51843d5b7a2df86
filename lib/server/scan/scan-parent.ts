import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, links, scans } from "@/db/schema";
import { formatArea, type DispatchArea } from "@/lib/domain";
import type { Replayable } from "@/lib/dto/outcome";
import type { ParentScanResult } from "@/lib/dto/scan";
import { displayQr, normalizeQr } from "@/lib/qr";
import { ScanParentInput } from "@/lib/schemas/scan";
import { audit } from "../audit";
import { bagColumns, capacityOf, qrIs, seesAllAreas, type BagState } from "../bags/scope";
import type { ServiceContext } from "../service";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { assertMayScan, wrongAreaError } from "./access";
import { requireParentLabel } from "./labels";
import { newTrail, recordRejection, type ScanTrail } from "./rejections";
import { replayCall, runOnce } from "./replay";
import { readSeal, stationParentOf } from "./seal";

async function findBag(tx: Tx, qr: string) {
  const [row] = await tx.select(bagColumns).from(bags).where(qrIs(qr)).limit(1);
  return row;
}

/**
 * Selects a parent for packing, creating it if new: type and capacity come from the label, the
 * area is the station's: a dispatcher's own area, or the `area` a biller or admin chose for the
 * station (required when the parent is new). An area-less parent (older data) takes the
 * station's area when scanned, with its children, so the floor can finish it.
 */
export async function scanParent(ctx: ServiceContext, input: unknown): Promise<Replayable<ParentScanResult>> {
  assertMayScan(ctx.actor);
  const { qr, area, idempotencyKey } = parseInput(ScanParentInput, input);
  const change = new StatsChange();
  // The key stands for the label scanned; the station's area only matters to a new parent.
  const call = replayCall("parent", idempotencyKey, normalizeQr(qr));
  const result = await runOnce(ctx, call, (scanCtx) => selectParent(scanCtx, qr, area, change), reviveParentScan);
  // After every commit (a keyed scan's too); a replay moved nothing.
  await bumpStats(change);
  return result;
}

async function selectParent(ctx: ServiceContext, rawQr: string, area: DispatchArea | undefined, change: StatsChange): Promise<ParentScanResult> {
  const { db, actor } = ctx;
  const trail = newTrail(actor);
  try {
    const stationArea = stationAreaOf(actor, area);
    const label = requireParentLabel(rawQr);
    const { bag, created, adopted } = await db.transaction((tx) => selectOrCreateParent(tx, ctx, { ...label, stationArea }, trail));
    // The area stays on the server: it only tells the counters where the scan happened.
    change.scan(bag.dispatchArea, actor.id);
    if (created) change.bag("parent", bag.dispatchArea, 1);
    if (adopted) {
      change.bag("parent", null, -1).bag("parent", bag.dispatchArea, 1);
      change.bag("child", null, -adopted.children).bag("child", bag.dispatchArea, adopted.children);
    }
    // Only a parent completed below capacity can carry a seal: read it then, not on every scan.
    const finished = bag.status === "completed" && bag.childCount < capacityOf(bag) ? await readSeal(db, bag.id) : null;
    return { parent: { ...stationParentOf(bag, finished), created } };
  } catch (err) {
    await recordRejection(db, actor, "parent", rawQr, err, trail);
    throw err;
  }
}

/** A stored parent scan as it was answered: the seal's time comes back from JSON as text. */
function reviveParentScan(stored: ParentScanResult): ParentScanResult {
  const { finished } = stored.parent;
  return finished ? { parent: { ...stored.parent, finished: { ...finished, at: new Date(finished.at) } } } : stored;
}

/**
 * A dispatcher always packs into their own area (asking for another is refused, not ignored, so
 * a misconfigured scanner is noticed); billers and admins pack into the area chosen for the station.
 */
function stationAreaOf(actor: ServiceContext["actor"], area: DispatchArea | undefined): DispatchArea | null {
  if (seesAllAreas(actor)) return area ?? actor.dispatchArea ?? null;
  if (area && area !== actor.dispatchArea) {
    throw new ForbiddenError(`You pack for ${formatArea(actor.dispatchArea)} only; this station asked for ${formatArea(area)}.`, "wrong_area").say(
      { own: actor.dispatchArea ?? "none", asked: area },
      "scan_wrong_area_station",
    );
  }
  return actor.dispatchArea;
}

const AREA_REQUIRED_MESSAGE = "Choose this station's dispatch area before scanning a new parent.";

async function selectOrCreateParent(
  tx: Tx,
  ctx: ServiceContext,
  label: { qr: string; capacity: number; stationArea: DispatchArea | null },
  trail: ScanTrail,
): Promise<{ bag: BagState; created: boolean; adopted?: { children: number } }> {
  const { actor } = ctx;
  const { stationArea } = label;
  let bag = await findBag(tx, label.qr);
  let created = false;
  let adopted: { children: number } | undefined;
  if (!bag) {
    if (!stationArea) throw new ValidationError(AREA_REQUIRED_MESSAGE, { area: [AREA_REQUIRED_MESSAGE] }, "area_required").say({}, "scan_area_required");
    // Two stations may create the same parent at once: the loser's insert does nothing
    // (it waits for the winner's commit) and the re-select below finds the winner's row.
    const [inserted] = await tx
      .insert(bags)
      .values({ qr: label.qr, type: "parent", capacity: label.capacity, dispatchArea: stationArea, createdBy: actor.id })
      .onConflictDoNothing()
      .returning(bagColumns);
    created = inserted !== undefined;
    bag = inserted ?? (await findBag(tx, label.qr));
    if (!bag) throw new Error(`bag ${label.qr} neither inserted nor found`);
  }
  if (!created) trail.parentBagId = bag.id;
  if (bag.type !== "parent") {
    const qr = displayQr(bag.qr);
    throw new ConflictError("wrong_type", `${qr} is registered as a child bag; a QR keeps its role forever and cannot become a parent.`).say(
      { qr },
      "scan_registered_child_as_parent",
    );
  }
  if (bag.dispatchArea === null && stationArea) {
    const result = await adoptParent(tx, ctx, bag, stationArea);
    bag = result.bag;
    adopted = result.adopted;
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
  return { bag, created, adopted };
}

/**
 * Moves an area-less parent and its area-less children into `area`. The conditional update
 * decides a race between two stations: the loser re-reads the winner's area and is vetted on it.
 */
async function adoptParent(
  tx: Tx,
  ctx: ServiceContext,
  parent: BagState,
  area: DispatchArea,
): Promise<{ bag: BagState; adopted?: { children: number } }> {
  const [moved] = await tx
    .update(bags)
    .set({ dispatchArea: area, updatedAt: sql`now()` })
    .where(and(eq(bags.id, parent.id), isNull(bags.dispatchArea)))
    .returning(bagColumns);
  if (!moved) {
    const current = await findBag(tx, parent.qr);
    if (!current) throw new Error(`bag ${parent.qr} vanished while scanning`);
    return { bag: current };
  }
  const children = await tx
    .update(bags)
    .set({ dispatchArea: area, updatedAt: sql`now()` })
    .where(and(isNull(bags.dispatchArea), inArray(bags.id, tx.select({ id: links.childBagId }).from(links).where(eq(links.parentBagId, parent.id)))))
    .returning({ id: bags.id });
  await audit(tx, ctx, {
    action: "parent_area_set",
    entityType: "bag",
    entityId: parent.id,
    before: { dispatchArea: null },
    after: { dispatchArea: area },
    details: { qr: parent.qr, children: children.length },
  });
  return { bag: moved, adopted: { children: children.length } };
}
