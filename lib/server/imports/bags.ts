import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Tx } from "@/db/client";
import { bags, links } from "@/db/schema";
import { DISPATCH_AREAS, formatArea, type BagStatus, type DispatchArea } from "@/lib/domain";
import type { ImportCounts } from "@/lib/dto/imports";
import { displayQr, parentSpecOf, parentStatusFor } from "@/lib/qr";
import { areaOf } from "@/lib/schemas/imports";
import { ConflictError } from "../errors";
import { requireChildLabel, requireParentLabel } from "../scan/labels";
import { assertNotFrozen, billOfParent, notAParent } from "../scan/lock";
import { childIsAParent, linkedElsewhere } from "../scan/scan-child";
import { completedRefusal } from "../scan/seal";
import type { ServiceContext } from "../service";
import type { StatsChange } from "../stats/change";
import type { BagItem } from "./bag-items";
import { loadStaging, pgTextArray } from "./staging";
import { refusalOf, refused, type Verdict } from "./verdicts";

/** A parent as it stands in the database, locked for the rest of the import. */
interface ExistingParent {
  id: number;
  qr: string;
  type: "parent" | "child";
  status: BagStatus;
  childCount: number;
  capacity: number | null;
  area: DispatchArea | null;
  billNumber: string | null;
  billStatus: "new" | "processing" | "completed" | "dispatched" | null;
}

interface ExistingChild {
  id: number;
  type: "parent" | "child";
  area: DispatchArea | null;
  holderId: number | null;
  holderQr: string | null;
  holderArea: DispatchArea | null;
}

/** What the checks decided a row does. */
type Act = { kind: "none" } | { kind: "create"; parentQr: string; childQr: string } | { kind: "link"; parentQr: string; childQr: string; childId: number; from: DispatchArea | null };

interface RowPlan {
  parentQr?: string;
  childQr?: string;
  area?: DispatchArea;
  verdict?: Verdict;
  act: Act;
}

export interface BagsOutcome {
  verdicts: Verdict[];
  counts: ImportCounts;
}

const AREA_LIST = DISPATCH_AREAS.join(", ");

/** Existing bags named as parents, locked (NO KEY UPDATE, bill share-locked first) in id order as a scan locks one. */
async function lockParents(tx: Tx, qrs: string[]): Promise<Map<string, ExistingParent>> {
  if (qrs.length === 0) return new Map();
  const rows = await selectRows<Record<string, unknown>>(
    tx,
    sql`select upper(${bags.qr}) as key, ${bags.id} as id, ${bags.qr} as qr, ${bags.type} as type, ${bags.status} as status,
               ${bags.childCount} as child_count, ${bags.capacity} as capacity, ${bags.dispatchArea} as area,
               bill.bill_number, bill.bill_status
          from unnest(${pgTextArray(qrs)}::text[]) as q(qr)
          join ${bags} on upper(${bags.qr}) = q.qr
          ${billOfParent(bags.id)}
         order by ${bags.id}
           for no key update of ${bags}`,
  );
  return new Map(
    rows.map((r) => [
      String(r.key),
      {
        id: Number(r.id),
        qr: String(r.qr),
        type: r.type as ExistingParent["type"],
        status: r.status as BagStatus,
        childCount: Number(r.child_count),
        capacity: r.capacity === null ? null : Number(r.capacity),
        area: (r.area as DispatchArea | null) ?? null,
        billNumber: (r.bill_number as string | null) ?? null,
        billStatus: (r.bill_status as ExistingParent["billStatus"]) ?? null,
      },
    ]),
  );
}

/** Existing bags named as children, with the parent holding each (a concurrent link is caught by links_child_unique). */
async function findChildren(tx: Tx, qrs: string[]): Promise<Map<string, ExistingChild>> {
  if (qrs.length === 0) return new Map();
  const rows = await selectRows<Record<string, unknown>>(
    tx,
    sql`select upper(c.qr) as key, c.id, c.type, c.dispatch_area as area, l.parent_bag_id as holder_id, h.qr as holder_qr, h.dispatch_area as holder_area
          from unnest(${pgTextArray(qrs)}::text[]) as q(qr)
          join ${bags} c on upper(c.qr) = q.qr
          left join ${links} l on l.child_bag_id = c.id
          left join ${bags} h on h.id = l.parent_bag_id`,
  );
  return new Map(
    rows.map((r) => [
      String(r.key),
      {
        id: Number(r.id),
        type: r.type as ExistingChild["type"],
        area: (r.area as DispatchArea | null) ?? null,
        holderId: r.holder_id === null ? null : Number(r.holder_id),
        holderQr: (r.holder_qr as string | null) ?? null,
        holderArea: (r.holder_area as DispatchArea | null) ?? null,
      },
    ]),
  );
}

/** The row-by-row part that needs no database: label classes (the scan's rules), areas, repeats within the file. */
function planRows(items: readonly BagItem[]): { plans: RowPlan[]; fileArea: Map<string, { area: DispatchArea; row: number }> } {
  const childRow = new Map<string, number>();
  const fileArea = new Map<string, { area: DispatchArea; row: number }>();
  const plans = items.map((item): RowPlan => {
    const plan: RowPlan = { act: { kind: "none" } };
    if (item.error) return { ...plan, verdict: refused(item.error) };
    if (item.parentRaw.trim() === "") {
      return { ...plan, verdict: { ok: false, code: "invalid_qr", message: "parent_qr is empty: every row names its parent bag." } };
    }
    const parent = refusalOf(() => requireParentLabel(item.parentRaw));
    if (parent.refusal) return { ...plan, verdict: parent.refusal };
    plan.parentQr = parent.value.qr;
    if (item.childRaw.trim() !== "") {
      const child = refusalOf(() => requireChildLabel(item.childRaw));
      if (child.refusal) return { ...plan, verdict: child.refusal };
      plan.childQr = child.value.qr;
    }
    if (item.areaRaw.trim() !== "") {
      const area = areaOf(item.areaRaw);
      if (!area) return { ...plan, verdict: { ok: false, code: "invalid_area", message: `"${item.areaRaw.slice(0, 40)}" is not a dispatch area (one of: ${AREA_LIST}).` } };
      plan.area = area;
      const first = fileArea.get(plan.parentQr);
      if (!first) fileArea.set(plan.parentQr, { area, row: item.row });
      else if (first.area !== area) {
        return {
          ...plan,
          verdict: {
            ok: false,
            code: "wrong_area",
            message: `Parent ${displayQr(plan.parentQr)} is in ${formatArea(first.area)} (row ${first.row}); a child takes its parent's area.`,
          },
        };
      }
    }
    if (plan.childQr) {
      const earlier = childRow.get(plan.childQr);
      if (earlier !== undefined) {
        return { ...plan, verdict: { ok: false, code: "duplicate_in_file", message: `Child ${displayQr(plan.childQr)} is already in row ${earlier} of this file.` } };
      }
      childRow.set(plan.childQr, item.row);
    }
    return plan;
  });
  return { plans, fileArea };
}

/**
 * Checks every row of a bags import (or label batch) with the scan's rules and, when all pass,
 * writes them set-wise: new parents (with their final child_count/status), new children, links,
 * the counts of existing parents, children moved to their parent's area. Counter changes go
 * into `change`; the caller commits or rolls back.
 */
export async function importBags(
  tx: Tx,
  ctx: ServiceContext,
  items: readonly BagItem[],
  change: StatsChange,
  onProgress: (phase: "checking" | "writing", processed: number, total: number) => Promise<void>,
): Promise<BagsOutcome> {
  const { plans, fileArea } = planRows(items);
  const parentQrs = [...new Set(plans.flatMap((p) => (p.parentQr ? [p.parentQr] : [])))];
  const childQrs = [...new Set(plans.flatMap((p) => (p.childQr ? [p.childQr] : [])))];
  await onProgress("checking", 0, items.length);
  const parents = await lockParents(tx, parentQrs);
  const children = await findChildren(tx, childQrs);
  await onProgress("checking", Math.floor(items.length / 2), items.length);

  // Per parent: where its children go and how many it holds after this file.
  const areaOfParent = new Map<string, DispatchArea | null>();
  const held = new Map<string, number>();
  const refusals = new Map<string, Verdict>();
  for (const plan of plans) {
    if (plan.verdict || !plan.parentQr) continue;
    const qr = plan.parentQr;
    const parent = parents.get(qr);
    if (parent && parent.type !== "parent") {
      plan.verdict = refused(notAParent(parent.qr));
      continue;
    }
    if (!areaOfParent.has(qr)) {
      const given = fileArea.get(qr)?.area ?? null;
      if (parent) {
        if (given && parent.area && given !== parent.area) {
          refusals.set(qr, {
            ok: false,
            code: "wrong_area",
            message: `Parent ${displayQr(parent.qr)} is in ${formatArea(parent.area)}, not ${formatArea(given)}; a child takes its parent's area.`,
          });
        }
        areaOfParent.set(qr, parent.area ?? given);
      } else if (!given) {
        refusals.set(qr, { ok: false, code: "area_required", message: `Parent ${displayQr(qr)} is new: give its dispatch area (one of: ${AREA_LIST}).` });
        areaOfParent.set(qr, null);
      } else areaOfParent.set(qr, given);
      held.set(qr, parent?.childCount ?? 0);
    }
    const parentRefusal = refusals.get(qr);
    if (parentRefusal) {
      plan.verdict = parentRefusal;
      continue;
    }
    if (!plan.childQr) {
      plan.verdict = parent ? { ok: true, code: "exists", message: `Parent ${displayQr(parent.qr)} already exists; nothing changes.` } : { ok: true };
      continue;
    }
    const childQr = plan.childQr;
    const child = children.get(childQr);
    if (child) {
      if (child.type !== "child") {
        plan.verdict = refused(childIsAParent(childQr));
        continue;
      }
      if (parent && child.holderId === parent.id) {
        plan.verdict = { ok: true, code: "duplicate", message: `Child ${displayQr(childQr)} is already in parent ${displayQr(parent.qr)}; nothing changes.` };
        continue;
      }
      if (child.holderId !== null) {
        plan.verdict = refused(linkedElsewhere(ctx.actor, childQr, { qr: child.holderQr, area: child.holderArea }));
        continue;
      }
    }
    if (parent) {
      const frozen = refusalOf(() =>
        assertNotFrozen({
          parent: { ...parent, dispatchArea: parent.area },
          bill: parent.billNumber && parent.billStatus ? { billNumber: parent.billNumber, status: parent.billStatus } : null,
        }),
      );
      if (frozen.refusal) {
        plan.verdict = frozen.refusal;
        continue;
      }
    }
    const capacity = parent?.capacity ?? parentSpecOf(qr).capacity;
    const count = held.get(qr) ?? 0;
    if (parent?.status === "completed" && parent.childCount < capacity) {
      // Finished below capacity on purpose: the scan's own refusal, seal and all.
      plan.verdict = refused(await completedRefusal(tx, { ...parent, dispatchArea: parent.area }));
      continue;
    }
    if (count >= capacity) {
      plan.verdict = {
        ok: false,
        code: "parent_full",
        message: `Parent ${displayQr(parent?.qr ?? qr)} is full: it takes ${capacity} children, and ${parent ? `it holds ${parent.childCount} and ` : ""}earlier rows of this file fill it.`,
      };
      continue;
    }
    held.set(qr, count + 1);
    plan.act = child ? { kind: "link", parentQr: qr, childQr, childId: child.id, from: child.area } : { kind: "create", parentQr: qr, childQr };
    plan.verdict = { ok: true };
  }
  const verdicts = plans.map((p) => p.verdict ?? { ok: true });
  const counts: ImportCounts = { parentsCreated: 0, childrenCreated: 0, linksCreated: 0, billsCreated: 0, billParentsAdded: 0 };
  if (verdicts.some((v) => !v.ok)) return { verdicts, counts };

  // ---- writes, set-wise ----
  await onProgress("writing", 0, items.length);
  const newParents = parentQrs.filter((qr) => !parents.has(qr));
  const parentStatus = (qr: string) => {
    const capacity = parents.get(qr)?.capacity ?? parentSpecOf(qr).capacity;
    const count = held.get(qr) ?? 0;
    return { capacity, count, status: parentStatusFor(count, capacity) };
  };
  if (newParents.length > 0) {
    const rows = newParents.map((qr) => ({ qr, area: areaOfParent.get(qr) ?? null, ...parentStatus(qr) }));
    await loadStaging(tx, "import_new_parents", [
      { name: "qr", type: "text", values: rows.map((r) => r.qr) },
      { name: "area", type: "text", values: rows.map((r) => r.area) },
      { name: "capacity", type: "int", values: rows.map((r) => r.capacity) },
      { name: "child_count", type: "int", values: rows.map((r) => r.count) },
      { name: "status", type: "text", values: rows.map((r) => r.status) },
    ]);
    await tx.execute(sql`insert into ${bags} (qr, type, dispatch_area, capacity, child_count, status, created_by)
      select qr, 'parent', area, capacity, child_count, status, ${ctx.actor.id} from import_new_parents`);
    for (const r of rows) change.bag("parent", r.area, 1);
    counts.parentsCreated = rows.length;
  }
  const acts = plans.flatMap((p) => (p.act.kind === "none" ? [] : [p.act]));
  if (acts.length > 0) {
    await loadStaging(
      tx,
      "import_links",
      [
        { name: "parent_qr", type: "text", values: acts.map((a) => a.parentQr) },
        { name: "child_qr", type: "text", values: acts.map((a) => a.childQr) },
        { name: "act", type: "text", values: acts.map((a) => a.kind) },
        { name: "area", type: "text", values: acts.map((a) => areaOfParent.get(a.parentQr) ?? null) },
      ],
      (loaded) => onProgress("writing", Math.floor(loaded / 2), items.length),
    );
    // A new child is inserted with its parent (the links trigger then leaves its row alone).
    await tx.execute(sql`insert into ${bags} (qr, type, dispatch_area, created_by, parent_bag_id)
      select s.child_qr, 'child', s.area, ${ctx.actor.id}, p.id from import_links s
        join ${bags} p on upper(p.qr) = s.parent_qr where s.act = 'create'`);
    await tx.execute(sql`update ${bags} c set dispatch_area = s.area, updated_at = now()
      from import_links s where s.act = 'link' and upper(c.qr) = s.child_qr and c.dispatch_area is distinct from s.area`);
    const linked = await selectRows<{ n: number }>(
      tx,
      sql`with made as (
            insert into ${links} (parent_bag_id, child_bag_id, created_by)
            select p.id, c.id, ${ctx.actor.id} from import_links s
              join ${bags} p on upper(p.qr) = s.parent_qr
              join ${bags} c on upper(c.qr) = s.child_qr
            returning 1)
          select count(*)::int as n from made`,
    );
    if (Number(linked[0]?.n ?? 0) !== acts.length) {
      throw new ConflictError("import_conflict", "Some bags changed while the file was imported; nothing was imported. Run the dry run again.");
    }
    for (const act of acts) {
      const area = areaOfParent.get(act.parentQr) ?? null;
      if (act.kind === "create") change.bag("child", area, 1);
      else if (act.from !== area) change.bag("child", act.from, -1).bag("child", area, 1);
    }
    counts.childrenCreated = acts.filter((a) => a.kind === "create").length;
    counts.linksCreated = acts.length;
  }
  // Existing parents that gained children: their new count and status (parentStatusFor).
  const grown = parentQrs.filter((qr) => parents.has(qr) && (held.get(qr) ?? 0) !== parents.get(qr)?.childCount);
  if (grown.length > 0) {
    const rows = grown.map((qr) => ({ id: parents.get(qr)?.id ?? 0, ...parentStatus(qr) }));
    await tx.execute(sql`update ${bags} b set child_count = u.n, status = u.s, updated_at = now()
      from unnest(${`{${rows.map((r) => r.id).join(",")}}`}::bigint[], ${`{${rows.map((r) => r.count).join(",")}}`}::int[], ${pgTextArray(rows.map((r) => r.status))}::text[]) as u(id, n, s)
      where b.id = u.id`);
  }
  await onProgress("writing", items.length, items.length);
  return { verdicts, counts };
}
