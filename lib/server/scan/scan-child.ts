import "server-only";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { selectRows, type Db, type Tx } from "@/db/client";
import { bags, links, scans } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, parentStatusFor } from "@/lib/qr";
import { auditInsertSql } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import {
  assertMayScan,
  capacityOf,
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
  const locked = await lockParentWithChild(tx, actor, parentQr, childQr);
  if (!locked) {
    throw new NotFoundError(`Parent ${displayQr(parentQr)} was not found. Scan the parent label again.`, "parent_not_found");
  }
  const { parent, child: found } = locked;
  trail.parentBagId = parent.id;
  trail.dispatchArea = parent.dispatchArea;
  if (parent.type !== "parent") {
    throw new ConflictError("wrong_type", `${displayQr(parent.qr)} is registered as a child bag, not a parent.`);
  }
  const scan: ChildScan = { tx, actor, parent, childQr, trail, change };

  const vetted = found ? vetChild(scan, found) : undefined;
  if (vetted?.duplicate) return recordDuplicate(scan, vetted.id);
  assertRoom(parent);
  // The usual case, a label never seen: create and link it in one statement.
  const created = vetted ? null : await createAndLinkChild(scan);
  if (created) {
    change.bag("child", parent.dispatchArea, 1);
    return countLink(scan, { childId: created.childId, childCreated: true, linkId: created.linkId }, meta);
  }
  // Another station created it meanwhile (the insert did nothing): vet the winner's row.
  const child = vetted ?? (await vetRacedChild(scan));
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
  return countLink(scan, { childId: child.id, childCreated: false, linkId: link.id }, meta);
}

interface ParentChildRow extends Record<string, unknown> {
  id: number | string;
  qr: string;
  type: "parent" | "child";
  status: LockedParent["status"];
  child_count: number;
  capacity: number | null;
  dispatch_area: DispatchArea | null;
  child_id: number | string | null;
  child_type: "parent" | "child" | null;
  child_area: DispatchArea | null;
  holder_id: number | string | null;
  holder_qr: string | null;
  holder_area: DispatchArea | null;
}

/**
 * One round trip for what every child scan reads first: the parent, locked for the rest of the
 * transaction (NO KEY UPDATE, as lockParent), and the child with the parent holding it, if any.
 * The child part is read in the statement's snapshot; if another station changes it meanwhile,
 * the inserts below (on conflict do nothing) notice and re-read it.
 */
async function lockParentWithChild(tx: Tx, actor: ScanActor, parentQr: string, childQr: string) {
  const inArea = can(actor.role, "bags:view_all_areas") ? sql`true` : sql`p.dispatch_area = ${actor.dispatchArea}`;
  const [row] = await selectRows<ParentChildRow>(
    tx,
    sql`select p.id, p.qr, p.type, p.status, p.child_count, p.capacity, p.dispatch_area,
               c.id as child_id, c.type as child_type, c.dispatch_area as child_area,
               l.parent_bag_id as holder_id, h.qr as holder_qr, h.dispatch_area as holder_area
          from bags p
          left join bags c on upper(c.qr) = ${childQr}
          left join links l on l.child_bag_id = c.id
          left join bags h on h.id = l.parent_bag_id
         where upper(p.qr) = ${parentQr} and ${inArea}
         limit 1
           for no key update of p`,
  );
  if (!row) return undefined;
  const parent: LockedParent = {
    id: Number(row.id),
    qr: row.qr,
    type: row.type,
    status: row.status,
    childCount: row.child_count,
    capacity: row.capacity,
    dispatchArea: row.dispatch_area,
  };
  const child: ExistingChild | undefined =
    row.child_id === null || row.child_type === null
      ? undefined
      : {
          id: Number(row.child_id),
          type: row.child_type,
          dispatchArea: row.child_area,
          holderId: row.holder_id === null ? null : Number(row.holder_id),
          holderQr: row.holder_qr,
          holderArea: row.holder_area,
        };
  return { parent, child };
}

/** Inserts the new child in the parent's area and links it; null if the label exists by now. */
async function createAndLinkChild({ tx, actor, parent, childQr }: ChildScan): Promise<{ childId: number; linkId: number } | null> {
  const [row] = await selectRows<{ id: number | string; child_bag_id: number | string }>(
    tx,
    sql`with child as (
          insert into bags (qr, type, dispatch_area, created_by)
          values (${childQr}, 'child', ${parent.dispatchArea}, ${actor.id})
          on conflict do nothing
          returning id
        )
        insert into links (parent_bag_id, child_bag_id, created_by)
        select ${parent.id}, id, ${actor.id} from child
        returning id, child_bag_id`,
  );
  return row ? { childId: Number(row.child_bag_id), linkId: Number(row.id) } : null;
}

/** The child another station created while this scan ran, vetted like any existing child. */
async function vetRacedChild(scan: ChildScan): Promise<ResolvedChild> {
  const winner = await findChild(scan.tx, scan.childQr);
  if (!winner) throw new Error(`child ${scan.childQr} neither inserted nor found`);
  return vetChild(scan, winner);
}

/**
 * Counts the new link on the locked parent (completing it at capacity), records the scan and
 * audits it: one statement (two data-modifying CTEs and the audit insert), one round trip.
 */
async function countLink(
  { tx, actor, parent, childQr, change }: ChildScan,
  link: { childId: number; childCreated: boolean; linkId: number },
  meta: RequestMeta,
): Promise<ChildScanResult> {
  const capacity = capacityOf(parent);
  // Safe to compute here: the parent row is locked until commit.
  const childCount = parent.childCount + 1;
  const parentStatus = parentStatusFor(childCount, capacity);
  const audit = auditInsertSql({
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
  await tx.execute(sql`
    with counted as (
      update bags set child_count = ${childCount}, status = ${parentStatus}, updated_at = now() where id = ${parent.id}
    ),
    scanned as (
      insert into scans (user_id, action, result, qr, parent_bag_id, child_bag_id, dispatch_area)
      values (${actor.id}, 'child', 'linked', ${childQr}, ${parent.id}, ${link.childId}, ${parent.dispatchArea})
    )
    ${audit}`);
  change.scan(parent.dispatchArea, actor.id);
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
