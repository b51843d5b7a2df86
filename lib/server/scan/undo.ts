import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, links } from "@/db/schema";
import type { UndoResult } from "@/lib/dto/scan";
import { can } from "@/lib/permissions";
import { displayQr } from "@/lib/qr";
import { UndoInput } from "@/lib/schemas/scan";
import type { Actor, ServiceContext } from "../service";
import { retryDeadlocks } from "../db-errors";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { assertMayScan } from "./access";
import { requireParentLabel } from "./labels";
import { lockParentForChange } from "./lock";
import { unlinkChild, type FoundLink } from "./unlink";
import { takeBackScope, UNDO_WINDOW_MINUTES } from "./window";

/**
 * Undoes the actor's most recent link on a parent (within the undo window; admins: the most
 * recent link by anyone, any age). The link goes, the child bag stays free, the scan event is
 * marked undone, and a completed (or finished) parent reopens. Refused (bill_completed) while
 * the parent's bill is completed.
 */
export async function undoLastScan(ctx: ServiceContext, input: unknown): Promise<UndoResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const label = requireParentLabel(parseInput(UndoInput, input).parentQr);
  // A deadlock PostgreSQL broke (see retryDeadlocks) runs the change again.
  return retryDeadlocks(db, () => db.transaction(async (tx) => {
    const locked = await lockParentForChange(tx, actor, label.qr);
    const { parent } = locked;
    const last = await findUndoableLink(tx, actor, parent.id);
    if (!last) {
      const any = can(actor.role, "scan:undo_any");
      const scope = any ? "" : ` scanned by you in the last ${UNDO_WINDOW_MINUTES} minutes`;
      const qr = displayQr(parent.qr);
      throw new NotFoundError(`Nothing to undo on parent ${qr}: no child${scope}.`, "nothing_to_undo").say(
        { qr, minutes: UNDO_WINDOW_MINUTES },
        any ? "scan_nothing_to_undo_any" : "scan_nothing_to_undo",
      );
    }
    const { childQr, ...counts } = await unlinkChild(tx, ctx, locked, last, "undo");
    return { undone: { childQr }, ...counts };
  }));
}

async function findUndoableLink(tx: Tx, actor: Actor, parentId: number): Promise<FoundLink | undefined> {
  const own = takeBackScope(actor, links.createdBy, links.createdAt);
  const [row] = await tx
    .select({ linkId: links.id, childBagId: links.childBagId, childQr: bags.qr, linkedBy: links.createdBy })
    .from(links)
    .innerJoin(bags, eq(bags.id, links.childBagId))
    .where(and(eq(links.parentBagId, parentId), own))
    .orderBy(desc(links.createdAt), desc(links.id))
    .limit(1);
  return row;
}
