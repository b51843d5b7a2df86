import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, links, scans } from "@/db/schema";
import type { BagStatus } from "@/lib/domain";
import { parentStatusFor } from "@/lib/qr";
import { audit } from "../audit";
import { capacityOf, type BagState } from "../bags/scope";
import type { Actor, ServiceContext } from "../service";
import type { LockedForChange } from "./lock";

/** One link of a child on a parent, as undo and remove find it. */
export interface FoundLink {
  linkId: number;
  childBagId: number;
  childQr: string;
  linkedBy: string | null;
}

/** Why a link is taken off: undo (the last one), remove (a chosen one) or delete (the child bag is deleted). */
export type UnlinkReason = "undo" | "remove" | "delete";

export interface Unlinked {
  childQr: string;
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}

/**
 * Takes one link off a parent locked by lockParent: the link goes, the child bag stays free, the
 * count and status follow (a completed or finished parent reopens), the child's scan event is
 * marked undone, the taking-off is recorded as a scan (action undo, result undone / removed) and
 * audited (child_unlinked, details.reason).
 */
export async function unlinkChild(tx: Tx, ctx: ServiceContext, locked: LockedForChange, link: FoundLink, reason: UnlinkReason): Promise<Unlinked> {
  const { actor } = ctx;
  const { parent, seal } = locked;
  await tx.delete(links).where(eq(links.id, link.linkId));
  const capacity = capacityOf(parent);
  // Safe to compute here: the parent row is locked until commit.
  const childCount = Math.max(parent.childCount - 1, 0);
  const parentStatus = parentStatusFor(childCount, capacity);
  await tx
    .update(bags)
    .set({ childCount, status: parentStatus, finishedAt: null, finishedBy: null, finishReason: null, updatedAt: sql`now()` })
    .where(eq(bags.id, parent.id));
  await markScanUndone(tx, actor, parent, link.childBagId);
  await tx.insert(scans).values({
    userId: actor.id,
    action: "undo",
    result: reason === "undo" ? "undone" : "removed",
    qr: link.childQr,
    parentBagId: parent.id,
    childBagId: link.childBagId,
    dispatchArea: parent.dispatchArea,
  });
  const finished = seal ? { at: seal.at, by: seal.by, reason: seal.reason } : null;
  await audit(tx, ctx, {
    action: "child_unlinked",
    entityType: "bag",
    entityId: parent.id,
    before: { childCount: parent.childCount, status: parent.status, ...(finished ? { finished } : {}) },
    after: { childCount, status: parentStatus },
    details: { parentQr: parent.qr, childQr: link.childQr, childBagId: link.childBagId, linkedBy: link.linkedBy, reason, ...(finished ? { reopened: true } : {}) },
  });
  return { childQr: link.childQr, parentQr: parent.qr, childCount, capacity, parentStatus };
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
