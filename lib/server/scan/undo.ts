import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, links, scans } from "@/db/schema";
import type { UndoResult } from "@/lib/dto/scan";
import { can } from "@/lib/permissions";
import { displayQr, parentStatusFor } from "@/lib/qr";
import { UndoInput } from "@/lib/schemas/scan";
import { audit } from "../audit";
import { capacityOf, type BagState } from "../bags/scope";
import type { Actor, ServiceContext } from "../service";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { assertMayScan } from "./access";
import { requireParentLabel } from "./labels";
import { assertNotFrozen, lockParent, notAParent, parentNotFound } from "./lock";

export const UNDO_WINDOW_MINUTES = 60;

/**
 * Undoes the actor's most recent link on a parent (within the undo window; admins: the most
 * recent link by anyone, any age). The link goes, the child bag stays free, the scan event is
 * marked undone, and a completed parent reopens. Refused (bill_completed) while the parent's
 * bill is completed.
 */
export async function undoLastScan(ctx: ServiceContext, input: unknown): Promise<UndoResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const label = requireParentLabel(parseInput(UndoInput, input).parentQr);
  return db.transaction(async (tx) => {
    const locked = await lockParent(tx, actor, label.qr);
    if (!locked) throw parentNotFound(label.qr);
    const { parent } = locked;
    if (parent.type !== "parent") throw notAParent(parent.qr);
    assertNotFrozen(locked);
    const last = await findUndoableLink(tx, actor, parent.id);
    if (!last) {
      const scope = can(actor.role, "scan:undo_any") ? "" : ` scanned by you in the last ${UNDO_WINDOW_MINUTES} minutes`;
      throw new NotFoundError(`Nothing to undo on parent ${displayQr(parent.qr)}: no child${scope}.`, "nothing_to_undo");
    }

    await tx.delete(links).where(eq(links.id, last.linkId));
    const capacity = capacityOf(parent);
    // Safe to compute here: the parent row is locked until commit.
    const childCount = Math.max(parent.childCount - 1, 0);
    const parentStatus = parentStatusFor(childCount, capacity);
    await tx.update(bags).set({ childCount, status: parentStatus, updatedAt: sql`now()` }).where(eq(bags.id, parent.id));
    await markScanUndone(tx, actor, parent, last.childBagId);
    await tx.insert(scans).values({
      userId: actor.id,
      action: "undo",
      result: "undone",
      qr: last.childQr,
      parentBagId: parent.id,
      childBagId: last.childBagId,
      dispatchArea: parent.dispatchArea,
    });
    await audit(tx, ctx, {
      action: "child_unlinked",
      entityType: "bag",
      entityId: parent.id,
      before: { childCount: parent.childCount, status: parent.status },
      after: { childCount, status: parentStatus },
      details: { parentQr: parent.qr, childQr: last.childQr, childBagId: last.childBagId, linkedBy: last.linkedBy, reason: "undo" },
    });
    return { undone: { childQr: last.childQr }, parentQr: parent.qr, childCount, capacity, parentStatus };
  });
}

async function findUndoableLink(tx: Tx, actor: Actor, parentId: number) {
  const own = can(actor.role, "scan:undo_any")
    ? undefined
    : and(
        eq(links.createdBy, actor.id),
        gt(links.createdAt, sql`now() - make_interval(mins => ${UNDO_WINDOW_MINUTES})`),
      );
  const [row] = await tx
    .select({ linkId: links.id, childBagId: links.childBagId, childQr: bags.qr, linkedBy: links.createdBy })
    .from(links)
    .innerJoin(bags, eq(bags.id, links.childBagId))
    .where(and(eq(links.parentBagId, parentId), own))
    .orderBy(desc(links.createdAt), desc(links.id))
    .limit(1);
  return row;
}

/** History is kept: the latest live "linked" event of this child on this parent is marked. */
async function markScanUndone(tx: Tx, actor: Actor, parent: BagState, childBagId: number): Promise<void> {
  const [event] = await tx
    .select({ id: scans.id })
    .from(scans)
    .where(
      and(
        eq(scans.parentBagId, parent.id),
        eq(scans.childBagId, childBagId),
        eq(scans.action, "child"),
        eq(scans.result, "linked"),
        isNull(scans.undoneAt),
      ),
    )
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(1);
  if (event) await tx.update(scans).set({ undoneAt: sql`now()`, undoneBy: actor.id }).where(eq(scans.id, event.id));
}
