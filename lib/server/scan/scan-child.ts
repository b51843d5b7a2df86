import "server-only";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { columnNames, hotSql, reusableSql, selectRows, type Db, type Tx } from "@/db/client";
import { bags, links, scanReplays, scans } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import type { Replayable } from "@/lib/dto/outcome";
import type { ChildScanResult } from "@/lib/dto/scan";
import { displayQr, normalizeQr, parentStatusFor } from "@/lib/qr";
import { ScanChildInput } from "@/lib/schemas/scan";
import { auditEntry, auditValues, auditInsertFromRowPlaceholders, auditInsertSql } from "../audit";
import { areaFilter, areaScopeCondition, areaScopeOf, capacityOf, perAreaScope, qrIs, seesAllAreas, type AreaScope, type BagState } from "../bags/scope";
import type { ServiceContext } from "../service";
import { isUniqueViolation } from "../db-errors";
import { ConflictError } from "../errors";
import { countedTransaction } from "../stats/bump";
import type { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { assertMayScan, wrongAreaError } from "./access";
import { requireChildLabel, requireParentLabel } from "./labels";
import { ANY_AREA, assertNotFrozen, billOfParent, notAParent, parentNotFound, parentOfRow, type LockedParentRow } from "./lock";
import { newTrail, recordRejection, type ScanTrail } from "./rejections";
import { replayCall, runOnce, type ReplayCall } from "./replay";
import { completedRefusal } from "./seal";

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
 * counts it and completes the parent at capacity, all under the parent's row lock. Refused
 * (bill_completed) while the parent's bill is completed. With an idempotency key, a repeat of
 * the key answers the first answer again and changes nothing (runOnce).
 */
export async function scanChild(ctx: ServiceContext, input: unknown): Promise<Replayable<ChildScanResult>> {
  assertMayScan(ctx.actor);
  const { parentQr, qr, idempotencyKey } = parseInput(ScanChildInput, input);
  const call = replayCall("child", idempotencyKey, normalizeQr(parentQr), normalizeQr(qr));
  // A deadlock PostgreSQL broke re-runs the whole scan (runOnce's transaction too), counters afresh.
  // Counters move after every commit (a keyed scan's too); a replay moves nothing.
  return countedTransaction(ctx.db, async (change) => {
    const quick = await tryQuickLink(ctx, parentQr, qr, call);
    if (quick) change.bag("child", quick.area, 1).scan(quick.area, ctx.actor.id);
    return quick ? quick.result : runOnce(ctx, call, (scanCtx) => packChild(scanCtx, parentQr, qr, change));
  });
}

async function packChild(ctx: ServiceContext, rawParentQr: string, rawQr: string, change: StatsChange): Promise<ChildScanResult> {
  const { db, actor } = ctx;
  const trail = newTrail(actor);
  try {
    const parentLabel = requireParentLabel(rawParentQr);
    const childLabel = requireChildLabel(rawQr);
    return await db.transaction((tx) => linkChild({ tx, ctx, childQr: childLabel.qr, trail, change }, parentLabel.qr));
  } catch (err) {
    await recordRejection(db, actor, "child", rawQr, err, trail);
    throw err;
  }
}

/** One child scan inside its transaction, with the parent already locked. */
interface ChildScan {
  tx: Tx;
  ctx: ServiceContext;
  parent: BagState;
  childQr: string;
  trail: ScanTrail;
  /** Counter changes, applied only after the commit. */
  change: StatsChange;
}
type ResolvedChild = { duplicate: true; id: number } | { duplicate: false; id: number; created: boolean; dispatchArea: DispatchArea | null };

async function linkChild({ tx, ctx, childQr, trail, change }: Omit<ChildScan, "parent">, parentQr: string): Promise<ChildScanResult> {
  const { actor } = ctx;
  const locked = await lockParentWithChild(tx, ctx, parentQr, childQr);
  if (!locked) throw parentNotFound(parentQr);
  const { parent, child: found } = locked;
  trail.parentBagId = parent.id;
  trail.dispatchArea = parent.dispatchArea;
  if (parent.type !== "parent") throw notAParent(parent.qr);
  assertNotFrozen(locked);
  const scan: ChildScan = { tx, ctx, parent, childQr, trail, change };

  const vetted = found ? vetChild(scan, found) : undefined;
  if (vetted?.duplicate) return recordDuplicate(scan, vetted.id);
  assertRoom(parent);
  // Completed below capacity means finished on purpose ("Finish at n", bags_completed_check).
  if (parent.status === "completed") throw await completedRefusal(tx, parent);
  // The usual case, a label never seen: create and link it in one statement.
  const created = vetted ? null : await createAndLinkChild(scan);
  if (created) {
    change.bag("child", parent.dispatchArea, 1);
    return countLink(scan, { childId: created.childId, childCreated: true, linkId: created.linkId });
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
    const qr = displayQr(childQr);
    throw new ConflictError("scan_conflict", `Child ${qr} changed while scanning. Scan it again.`).say({ qr }, "scan_scan_conflict");
  }
  if (child.dispatchArea !== parent.dispatchArea) {
    // A linked child carries its parent's area (only billers/admins get here with a mismatch).
    await tx.update(bags).set({ dispatchArea: parent.dispatchArea, updatedAt: sql`now()` }).where(eq(bags.id, child.id));
    change.bag("child", child.dispatchArea, -1).bag("child", parent.dispatchArea, 1);
  }
  return countLink(scan, { childId: child.id, childCreated: false, linkId: link.id });
}

// The hot path's raw statements name tables and columns through the Drizzle schema, so a rename
// fails to compile, and are built with hotSql, which writes those names in once (each alias's
// columns are taken once: see hotSql). Result columns get local aliases, read by the row mapper
// beside each statement.
const p = alias(bags, "p");
const c = alias(bags, "c"); // the scanned child, if it exists
const l = alias(links, "l"); // its link; the parent holding it is `holder`, as in findChild
const [P, C, L, H] = [getTableColumns(p), getTableColumns(c), getTableColumns(l), getTableColumns(holder)];

interface ParentChildRow extends LockedParentRow {
  child_id: number | string | null;
  child_type: BagState["type"] | null;
  child_area: DispatchArea | null;
  holder_id: number | string | null;
  holder_qr: string | null;
  holder_area: DispatchArea | null;
}

/**
 * One round trip for what every child scan reads first: the parent, locked for the rest of the
 * transaction (NO KEY UPDATE, as lockParent), the bill it is on, share-locked (billOfParent), and
 * the child with the parent holding it, if any. The child part is read in the statement's
 * snapshot; if another station changes it meanwhile, the inserts below (on conflict do nothing)
 * notice and re-read it.
 */
async function lockParentWithChild(tx: Tx, { actor }: ServiceContext, parentQr: string, childQr: string) {
  const [row] = await selectRows<ParentChildRow>(
    tx,
    hotSql`select ${P.id} as id, ${P.qr} as qr, ${P.type} as type, ${P.status} as status, ${P.childCount} as child_count,
                  ${P.capacity} as capacity, ${P.dispatchArea} as dispatch_area, bill.bill_number, bill.bill_status,
                  ${C.id} as child_id, ${C.type} as child_type, ${C.dispatchArea} as child_area,
                  ${L.parentBagId} as holder_id, ${H.qr} as holder_qr, ${H.dispatchArea} as holder_area
             from ${bags} ${p}
             ${billOfParent(P.id)}
             left join ${bags} ${c} on ${qrIs(childQr, C.qr)}
             left join ${links} ${l} on ${L.childBagId} = ${C.id}
             left join ${bags} ${holder} on ${H.id} = ${L.parentBagId}
            where ${qrIs(parentQr, P.qr)} and ${areaFilter(actor, P.dispatchArea) ?? ANY_AREA}
            limit 1
              for no key update of ${p}`,
  );
  if (!row) return undefined;
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
  return { ...parentOfRow(row), child };
}

// parent_bag_id is the links trigger's to keep; set here too, the trigger finds the new child as it
// should be and does not write its row a second time.
const NEW_CHILD_COLUMNS = columnNames(bags.qr, bags.type, bags.dispatchArea, bags.createdBy, bags.parentBagId);
const LINK_COLUMNS = columnNames(links.parentBagId, links.childBagId, links.createdBy);

/** Inserts the new child in the parent's area and links it; null if the label exists by now. */
async function createAndLinkChild({ tx, ctx, parent, childQr }: ChildScan): Promise<{ childId: number; linkId: number } | null> {
  const [row] = await selectRows<{ link_id: number | string; child_id: number | string }>(
    tx,
    hotSql`with child as (
          insert into ${bags} (${NEW_CHILD_COLUMNS})
          values (${childQr}, 'child', ${parent.dispatchArea}, ${ctx.actor.id}, ${parent.id})
          on conflict do nothing
          returning ${bags.id} as id
        )
        insert into ${links} (${LINK_COLUMNS})
        select ${parent.id}, child.id, ${ctx.actor.id} from child
        returning ${links.id} as link_id, ${links.childBagId} as child_id`,
  );
  return row ? { childId: Number(row.child_id), linkId: Number(row.link_id) } : null;
}

/** The child another station created while this scan ran, vetted like any existing child. */
async function vetRacedChild(scan: ChildScan): Promise<ResolvedChild> {
  const winner = await findChild(scan.tx, scan.childQr);
  if (!winner) throw new Error(`child ${scan.childQr} neither inserted nor found`);
  return vetChild(scan, winner);
}

const REPLAY_COLUMNS = columnNames(scanReplays.userId, scanReplays.key, scanReplays.kind, scanReplays.request, scanReplays.outcome, scanReplays.response);
const COUNT_COLUMNS = { childCount: columnNames(bags.childCount), status: columnNames(bags.status), updatedAt: columnNames(bags.updatedAt) };
const SCAN_COLUMNS = columnNames(scans.userId, scans.action, scans.result, scans.qr, scans.parentBagId, scans.childBagId, scans.dispatchArea);

/**
 * Counts the new link on the locked parent (completing it at capacity), records the scan and
 * audits it: one statement (two data-modifying CTEs and the audit insert), one round trip.
 */
async function countLink(
  { tx, ctx, parent, childQr, change }: ChildScan,
  link: { childId: number; childCreated: boolean; linkId: number },
): Promise<ChildScanResult> {
  const { actor } = ctx;
  const capacity = capacityOf(parent);
  // Safe to compute here: the parent row is locked until commit.
  const childCount = parent.childCount + 1;
  const parentStatus = parentStatusFor(childCount, capacity);
  const audit = auditInsertSql(
    auditEntry(ctx, {
      action: "child_linked",
      entityType: "bag",
      entityId: parent.id,
      before: { childCount: parent.childCount, status: parent.status },
      after: { childCount, status: parentStatus },
      details: { parentQr: parent.qr, childQr, ...link },
    }),
  );
  await tx.execute(hotSql`
    with counted as (
      update ${bags}
         set ${COUNT_COLUMNS.childCount} = ${childCount}, ${COUNT_COLUMNS.status} = ${parentStatus}, ${COUNT_COLUMNS.updatedAt} = now()
       where ${bags.id} = ${parent.id}
    ),
    scanned as (
      insert into ${scans} (${SCAN_COLUMNS})
      values (${actor.id}, 'child', 'linked', ${childQr}, ${parent.id}, ${link.childId}, ${parent.dispatchArea})
    )
    ${audit}`);
  change.scan(parent.dispatchArea, actor.id);
  return { result: "linked", childQr, parentQr: parent.qr, childCount, capacity, parentStatus };
}

interface QuickRow extends Record<string, unknown> {
  parent_qr: string;
  dispatch_area: DispatchArea | null;
  capacity: number;
  child_count: number;
  status: BagState["status"];
}

/**
 * The usual scan as ONE statement, without BEGIN or COMMIT: a label never seen, into a parent of
 * the actor's area that is on no bill, open (pending with no child, in progress with some) and has
 * room. Five round trips become one (each costs a socket write and a wake-up of the event loop:
 * README, "Database round trips"); a keyed scan's nine (runOnce's transaction, its claim, a
 * savepoint, the answer stored) become one too. Anything else changes nothing and answers
 * undefined, and the full path decides with its refusals (and records them).
 *
 * The parent is locked by the statement's UPDATE itself — the count goes up first, and the child,
 * link, scan row and audit row are written from its RETURNING. Every condition is in that WHERE,
 * which PostgreSQL re-checks on the newest row when another station changed the parent meanwhile.
 * (Locking first with SELECT … FOR NO KEY UPDATE in a CTE and updating in the same statement
 * deadlocks: the UPDATE, with the older snapshot, chases the parent's update chain a second time.)
 * A label stored meanwhile by another station fails the child's insert (unique violation), which
 * undoes the whole statement; the full path then answers duplicate or linked_elsewhere.
 *
 * With an idempotency key the same statement stores the answer under the key (scan_replays, as
 * runOnce would). A key already stored makes it change nothing (runOnce then replays it); a key
 * stored by a concurrent request fails the claim's insert (primary key), which undoes the whole
 * statement, and runOnce, waiting on that key, replays or refuses the reuse.
 */
async function tryQuickLink(ctx: ServiceContext, rawParentQr: string, rawQr: string, call: ReplayCall | null) {
  let labels: { parentQr: string; childQr: string };
  try {
    labels = { parentQr: requireParentLabel(rawParentQr).qr, childQr: requireChildLabel(rawQr).qr };
  } catch {
    return undefined; // the full path refuses it, and records the refusal
  }
  try {
    const row = await quickLink(ctx.db, ctx, labels, call);
    if (!row) return undefined;
    const result: ChildScanResult = {
      result: "linked",
      childQr: labels.childQr,
      parentQr: row.parent_qr,
      childCount: row.child_count,
      capacity: row.capacity,
      parentStatus: row.status,
    };
    return { result, area: row.dispatch_area };
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

/** quickLink's statement for one area scope, with or without a key, rendered once (reusableSql). */
function quickLinkStatement(scope: AreaScope, keyed: boolean) {
  const v = (name: string) => sql.placeholder(name);
  const scopeCondition = areaScopeCondition(scope) ?? ANY_AREA;
  const keyUnused = keyed ? hotSql`and not exists (select 1 from ${scanReplays} where ${scanReplays.userId} = ${v("actorId")} and ${scanReplays.key} = ${v("key")})` : hotSql``;
  // runOnce's row for this key, with the answer the statement gives (ChildScanResult).
  const claimed = keyed
    ? hotSql`, claimed as (
        insert into ${scanReplays} (${REPLAY_COLUMNS})
        select ${v("actorId")}, ${v("key")}, ${v("kind")}, ${v("request")}, 'ok',
               jsonb_build_object('result', 'linked', 'childQr', ${v("childQr")}::text, 'parentQr', counted.qr, 'childCount', counted.child_count,
                                  'capacity', counted.capacity, 'parentStatus', counted.status)
          from counted, link
      )`
    : hotSql``;
  // The same audit row as countLink's: before is the count one lower, and the status it had (the
  // WHERE admits only pending at 0 and in_progress above it).
  const audit = auditInsertFromRowPlaceholders("audit_", {
    entityId: hotSql`counted.id`,
    before: hotSql`jsonb_build_object('childCount', counted.child_count - 1, 'status', case when counted.child_count = 1 then 'pending' else 'in_progress' end)`,
    after: hotSql`jsonb_build_object('childCount', counted.child_count, 'status', counted.status)`,
    details: hotSql`jsonb_build_object('parentQr', counted.qr, 'childId', link.child_id, 'linkId', link.id)`,
    from: hotSql`counted, link`,
  });
  return reusableSql<QuickRow, Record<string, unknown>>(
    () => hotSql`with counted as (
        update ${bags}
           set ${COUNT_COLUMNS.childCount} = ${bags.childCount} + 1,
               ${COUNT_COLUMNS.status} = case when ${bags.childCount} + 1 >= ${bags.capacity} then 'completed' else 'in_progress' end,
               ${COUNT_COLUMNS.updatedAt} = now()
         where ${qrIs(v("parentQr"))} and ${scopeCondition} and ${bags.type} = 'parent' and ${bags.billId} is null
           and ${bags.status} = case when ${bags.childCount} = 0 then 'pending' else 'in_progress' end
           and ${bags.childCount} < ${bags.capacity}
           and not exists (select 1 from ${bags} ${c} where ${qrIs(v("childQr"), C.qr)})
           ${keyUnused}
        returning ${bags.id} as id, ${bags.qr} as qr, ${bags.childCount} as child_count, ${bags.capacity} as capacity,
                  ${bags.status} as status, ${bags.dispatchArea} as dispatch_area
      ),
      child as (
        insert into ${bags} (${NEW_CHILD_COLUMNS})
        select ${v("childQr")}, 'child', counted.dispatch_area, ${v("actorId")}, counted.id from counted
        returning ${bags.id} as id
      ),
      link as (
        insert into ${links} (${LINK_COLUMNS})
        select counted.id, child.id, ${v("actorId")} from counted, child
        returning ${links.id} as id, ${links.childBagId} as child_id
      ),
      scanned as (
        insert into ${scans} (${SCAN_COLUMNS})
        select ${v("actorId")}, 'child', 'linked', ${v("childQr")}, counted.id, link.child_id, counted.dispatch_area from counted, link
      ),
      audited as (${audit})
      ${claimed}
      select counted.qr as parent_qr, counted.dispatch_area, counted.capacity, counted.child_count, counted.status from counted, link`,
  );
}

const quickLinks = perAreaScope((scope) => ({ keyed: quickLinkStatement(scope, true), plain: quickLinkStatement(scope, false) }));

async function quickLink(db: Db | Tx, ctx: ServiceContext, { parentQr, childQr }: { parentQr: string; childQr: string }, call: ReplayCall | null): Promise<QuickRow | undefined> {
  const { actor } = ctx;
  const statement = quickLinks[areaScopeOf(actor)][call ? "keyed" : "plain"];
  const entry = auditEntry(ctx, { action: "child_linked", entityType: "bag", details: { childQr, childCreated: true } });
  const [row] = await statement.rows(db, {
    parentQr,
    childQr,
    actorId: actor.id,
    area: actor.dispatchArea,
    ...(call ? { key: call.key, kind: call.kind, request: call.request } : {}),
    ...auditValues("audit_", entry),
  });
  return row;
}

/** A child label stored as a parent bag (wrong_type): scans and imports refuse it alike. */
export function childIsAParent(childQr: string): ConflictError {
  const qr = displayQr(childQr);
  return new ConflictError(
    "wrong_type",
    `${qr} is registered as a parent bag; a QR keeps its role forever and cannot go inside another parent.`,
  ).say({ qr }, "scan_registered_parent_as_child");
}

/** A child another parent holds (linked_elsewhere): scans and imports refuse it alike. */
export function linkedElsewhere(viewer: Pick<ServiceContext["actor"], "role" | "dispatchArea">, childQr: string, holder: { qr: string | null; area: DispatchArea | null }): ConflictError {
  // A dispatcher is not told the QR of another area's parent.
  const shown = holder.qr && (seesAllAreas(viewer) || holder.area === viewer.dispatchArea) ? displayQr(holder.qr) : null;
  const where = shown ? `parent ${shown}` : "a parent of another dispatch area";
  const child = displayQr(childQr);
  return new ConflictError("linked_elsewhere", `Child ${child} is already in ${where}.`).say(
    shown ? { child, parent: shown } : { child },
    shown ? "scan_linked_elsewhere" : "scan_linked_elsewhere_other_area",
  );
}

/** Applies the refusals to an existing child; duplicate when it is already on this parent. */
function vetChild({ ctx: { actor }, parent, childQr, trail }: ChildScan, child: ExistingChild): ResolvedChild {
  trail.childBagId = child.id;
  if (child.type !== "child") throw childIsAParent(childQr);
  if (child.holderId === parent.id) return { duplicate: true, id: child.id };
  const seesAll = seesAllAreas(actor);
  if (child.holderId !== null) throw linkedElsewhere(actor, childQr, { qr: child.holderQr, area: child.holderArea });
  if (!seesAll && child.dispatchArea !== actor.dispatchArea) throw wrongAreaError("Child", childQr, actor);
  return { duplicate: false, id: child.id, created: false, dispatchArea: child.dispatchArea };
}

// A parent at capacity is completed, and the answer is then parent_full; one completed below
// capacity (finished, see completedRefusal) answers parent_completed.
function assertRoom(parent: BagState): void {
  const capacity = capacityOf(parent);
  if (parent.childCount >= capacity) {
    const qr = displayQr(parent.qr);
    throw new ConflictError("parent_full", `Parent ${qr} is full (${parent.childCount}/${capacity}). Scan the next parent.`).say(
      { qr, count: parent.childCount, capacity },
      "scan_parent_full",
    );
  }
}

/** Re-scan of a child already on this parent: nothing changes, but the scan is recorded. */
async function recordDuplicate({ tx, ctx: { actor }, parent, childQr, change }: ChildScan, childId: number): Promise<ChildScanResult> {
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
