import "server-only";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { bags, links, scans } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, parentStatusFor } from "@/lib/qr";
import { writeAudit } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import {
  assertMayScan,
  capacityOf,
  lockParent,
  newTrail,
  qrIs,
  recordRejection,
  requireChildLabel,
  requireParentLabel,
  wrongAreaError,
  type LockedParent,
  type ScanTrail,
} from "./shared";
import type { ChildScanResult, RequestMeta, ScanActor } from "./types";

const holder = alias(bags, "holder");

/** The child bag (if any) and the parent currently holding it. */
async function findChild(tx: Tx, qr: string) {
  const [row] = await tx
    .select({
      id: bags.id,
      type: bags.type,
      dispatchArea: bags.dispatchArea,
      holderId: links.parentBagId,
      holderQr: holder.qr,
      holderArea: holder.dispatchArea,
    })
    .from(bags)
    .leftJoin(links, eq(links.childBagId, bags.id))
    .leftJoin(holder, eq(holder.id, links.parentBagId))
    .where(qrIs(qr))
    .limit(1);
  return row;
}
type ExistingChild = NonNullable<Awaited<ReturnType<typeof findChild>>>;

/**
 * Packs one child into a parent: creates the child if new (in the parent's area), links it,
 * counts it and completes the parent at capacity, all under the parent's row lock.
 */
export async function scanChild(
  db: Db,
  actor: ScanActor,
  rawParentQr: string,
  rawQr: string,
  meta: RequestMeta,
): Promise<ChildScanResult> {
  assertMayScan(actor);
  const trail = newTrail(actor);
  try {
    const parentLabel = requireParentLabel(rawParentQr);
    const childLabel = requireChildLabel(rawQr);
    const change = new StatsChange();
    const result = await db.transaction((tx) => linkChild({ tx, actor, childQr: childLabel.qr, trail, change }, parentLabel.qr, meta));
    await bumpStats(change);
    return result;
  } catch (err) {
    await recordRejection(db, actor, "child", rawQr, err, trail);
    throw err;
  }
}

/** One child scan inside its transaction, with the parent already locked. */
interface ChildScan {
  tx: Tx;
  actor: ScanActor;
  parent: LockedParent;
  childQr: string;
  trail: ScanTrail;
  /** Counter changes, applied only after the commit. */
  change: StatsChange;
}
type ResolvedChild = { duplicate: true; id: number } | { duplicate: false; id: number; created: boolean; dispatchArea: DispatchArea | null };

async function linkChild(
  { tx, actor, childQr, trail, change }: Omit<ChildScan, "parent">,
  parentQr: string,
  meta: RequestMeta,
): Promise<ChildScanResult> {
  const parent = await lockParent(tx, actor, parentQr);
  if (!parent) {
    throw new NotFoundError(`Parent ${displayQr(parentQr)} was not found. Scan the parent label again.`, "parent_not_found");
  }
  trail.parentBagId = parent.id;
  trail.dispatchArea = parent.dispatchArea;
  if (parent.type !== "parent") {
    throw new ConflictError("wrong_type", `${displayQr(parent.qr)} is registered as a child bag, not a parent.`);
  }
  const scan: ChildScan = { tx, actor, parent, childQr, trail, change };

  const found = await findChild(tx, childQr);
  const vetted = found ? vetChild(scan, found) : undefined;
  if (vetted?.duplicate) return recordDuplicate(scan, vetted.id);
  assertRoom(parent);
  const child = vetted ?? (await createChild(scan));
  if (child.duplicate) return recordDuplicate(scan, child.id);

  // links_child_unique decides races on a free child: a concurrent link elsewhere makes this
  // insert do nothing, and the re-check names the parent that won.
  const [link] = await tx
    .insert(links)
    .values({ parentBagId: parent.id, childBagId: child.id, createdBy: actor.id })
    .onConflictDoNothing()
    .returning({ id: links.id });
  if (!link) {
    const winner = await findChild(tx, childQr);
    if (winner && vetChild(scan, winner).duplicate) return recordDuplicate(scan, winner.id);
    throw new ConflictError("scan_conflict", `Child ${displayQr(childQr)} changed while scanning. Scan it again.`);
  }
  if (child.dispatchArea !== parent.dispatchArea) {
    // A linked child carries its parent's area (only billers/admins get here with a mismatch).
    await tx.update(bags).set({ dispatchArea: parent.dispatchArea, updatedAt: sql`now()` }).where(eq(bags.id, child.id));
    change.bag("child", child.dispatchArea, -1).bag("child", parent.dispatchArea, 1);
  }
  return countLink(scan, { childId: child.id, childCreated: child.created, linkId: link.id }, meta);
}

/**
 * Creates a new child in the parent's area. If another station is creating it too, the loser
 * waits for the winner's commit, inserts nothing, and vets the winner's row instead.
 */
async function createChild(scan: ChildScan): Promise<ResolvedChild> {
  const { tx, actor, parent, childQr } = scan;
  const [inserted] = await tx
    .insert(bags)
    .values({ qr: childQr, type: "child", dispatchArea: parent.dispatchArea, createdBy: actor.id })
    .onConflictDoNothing()
    .returning({ id: bags.id });
  if (inserted) return { duplicate: false, id: inserted.id, created: true, dispatchArea: parent.dispatchArea };
  const winner = await findChild(tx, childQr);
  if (!winner) throw new Error(`child ${childQr} neither inserted nor found`);
  return vetChild(scan, winner);
}

/** Counts the new link on the locked parent (completing it at capacity), records and audits it. */
async function countLink(
  { tx, actor, parent, childQr, change }: ChildScan,
  link: { childId: number; childCreated: boolean; linkId: number },
  meta: RequestMeta,
): Promise<ChildScanResult> {
  const capacity = capacityOf(parent);
  // Safe to compute here: the parent row is locked until commit.
  const childCount = parent.childCount + 1;
  const parentStatus = parentStatusFor(childCount, capacity);
  await tx.update(bags).set({ childCount, status: parentStatus, updatedAt: sql`now()` }).where(eq(bags.id, parent.id));
  change.scan(parent.dispatchArea, actor.id);
  if (link.childCreated) change.bag("child", parent.dispatchArea, 1);
  await tx.insert(scans).values({
    userId: actor.id,
    action: "child",
    result: "linked",
    qr: childQr,
    parentBagId: parent.id,
    childBagId: link.childId,
    dispatchArea: parent.dispatchArea,
  });
  await writeAudit(tx, {
    action: "child_linked",
    userId: actor.id,
    actor: actor.username,
    entityType: "bag",
    entityId: parent.id,
    before: { childCount: parent.childCount, status: parent.status },
    after: { childCount, status: parentStatus },
    details: { parentQr: parent.qr, childQr, ...link },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return { result: "linked", childQr, parentQr: parent.qr, childCount, capacity, parentStatus };
}

/** Applies the refusals to an existing child; duplicate when it is already on this parent. */
function vetChild({ actor, parent, childQr, trail }: ChildScan, child: ExistingChild): ResolvedChild {
  trail.childBagId = child.id;
  if (child.type !== "child") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(childQr)} is registered as a parent bag; a QR keeps its role forever and cannot go inside another parent.`,
    );
  }
  if (child.holderId === parent.id) return { duplicate: true, id: child.id };
  const seesAll = can(actor.role, "bags:view_all_areas");
  if (child.holderId !== null) {
    // A dispatcher is not told the QR of another area's parent.
    const where =
      child.holderQr && (seesAll || child.holderArea === actor.dispatchArea)
        ? `parent ${displayQr(child.holderQr)}`
        : "a parent of another dispatch area";
    throw new ConflictError("linked_elsewhere", `Child ${displayQr(childQr)} is already in ${where}.`);
  }
  if (!seesAll && child.dispatchArea !== actor.dispatchArea) throw wrongAreaError("Child", childQr, actor);
  return { duplicate: false, id: child.id, created: false, dispatchArea: child.dispatchArea };
}

// A parent at capacity is completed, and the answer is then parent_full. parent_completed is
// for a parent marked completed below capacity (imported or legacy data).
function assertRoom(parent: LockedParent): void {
  const capacity = capacityOf(parent);
  if (parent.childCount >= capacity) {
    throw new ConflictError(
      "parent_full",
      `Parent ${displayQr(parent.qr)} is full (${parent.childCount}/${capacity}). Scan the next parent.`,
    );
  }
  if (parent.status === "completed") {
    throw new ConflictError(
      "parent_completed",
      `Parent ${displayQr(parent.qr)} is already completed (${parent.childCount}/${capacity}) and takes no more children.`,
    );
  }
}

/** Re-scan of a child already on this parent: nothing changes, but the scan is recorded. */
async function recordDuplicate({ tx, actor, parent, childQr, change }: ChildScan, childId: number): Promise<ChildScanResult> {
  change.scan(parent.dispatchArea, actor.id);
  await tx.insert(scans).values({
    userId: actor.id,
    action: "child",
    result: "duplicate",
    qr: childQr,
    parentBagId: parent.id,
    childBagId: childId,
    dispatchArea: parent.dispatchArea,
  });
  return {
    result: "duplicate",
    childQr,
    parentQr: parent.qr,
    childCount: parent.childCount,
    capacity: capacityOf(parent),
    parentStatus: parent.status,
  };
}
