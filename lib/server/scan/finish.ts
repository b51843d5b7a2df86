import "server-only";
import { eq, sql } from "drizzle-orm";
import { bags } from "@/db/schema";
import type { SealResult } from "@/lib/dto/scan";
import { displayQr, parentStatusFor } from "@/lib/qr";
import { FinishParentInput, ReopenParentInput } from "@/lib/schemas/scan";
import { formatIstDateTime } from "@/lib/time";
import { audit } from "../audit";
import { capacityOf } from "../bags/scope";
import type { ServiceContext } from "../service";
import { retryDeadlocks } from "../db-errors";
import { ConflictError, ForbiddenError } from "../errors";
import { parseInput } from "../validation";
import { assertMayScan } from "./access";
import { requireParentLabel } from "./labels";
import { lockParentForChange } from "./lock";
import { describeSeal, stationParentOf } from "./seal";
import { mayTakeBack, UNDO_WINDOW_MINUTES } from "./window";

/**
 * Seals a partial parent ("Finish at n"): completed below capacity, with who, when and why, so it
 * leaves the packing lists and takes no more children until reopened. Refused for an empty parent
 * (parent_empty) and one already full or completed (parent_completed).
 */
export async function finishParent(ctx: ServiceContext, input: unknown): Promise<SealResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const { parentQr, reason } = parseInput(FinishParentInput, input);
  const label = requireParentLabel(parentQr);
  // A deadlock PostgreSQL broke (see retryDeadlocks) runs the change again.
  return retryDeadlocks(db, () => db.transaction(async (tx) => {
    const { parent, seal } = await lockParentForChange(tx, actor, label.qr);
    const capacity = capacityOf(parent);
    const qr = displayQr(parent.qr);
    const counts = { qr, count: parent.childCount, capacity };
    if (seal) {
      const sealed = { ...counts, reason: seal.reason, at: formatIstDateTime(seal.at), ...(seal.by === null ? {} : { by: seal.by }) };
      throw new ConflictError("parent_completed", `Parent ${qr} is already ${describeSeal(parent, seal, { who: true })}.`).say(
        sealed,
        seal.by === null ? "scan_already_finished_deleted" : "scan_already_finished",
      );
    }
    if (parent.childCount === 0) throw new ConflictError("parent_empty", `Parent ${qr} has no children: there is nothing to finish.`).say({ qr }, "scan_parent_empty");
    if (parent.status === "completed" || parent.childCount >= capacity) {
      throw new ConflictError("parent_completed", `Parent ${qr} is already complete (${parent.childCount}/${capacity}).`).say(counts, "scan_already_complete");
    }
    const [sealed] = await tx
      .update(bags)
      .set({ status: "completed", finishedAt: sql`now()`, finishedBy: actor.id, finishReason: reason, updatedAt: sql`now()` })
      .where(eq(bags.id, parent.id))
      .returning({ at: bags.finishedAt });
    const finished = { at: sealed?.at ?? new Date(), by: actor.username, reason };
    await audit(tx, ctx, {
      action: "parent_finished",
      entityType: "bag",
      entityId: parent.id,
      before: { status: parent.status, childCount: parent.childCount },
      after: { status: "completed", childCount: parent.childCount, finished: { reason } },
      details: { parentQr: parent.qr, childCount: parent.childCount, capacity, reason },
    });
    return { parent: stationParentOf({ ...parent, status: "completed" }, finished) };
  }));
}

/**
 * Opens a finished parent again (status from its count, the seal cleared), by undo's rule: the
 * user who finished it within the undo window, or anyone with scan:undo_any (admins).
 */
export async function reopenParent(ctx: ServiceContext, input: unknown): Promise<SealResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const label = requireParentLabel(parseInput(ReopenParentInput, input).parentQr);
  // A deadlock PostgreSQL broke (see retryDeadlocks) runs the change again.
  return retryDeadlocks(db, () => db.transaction(async (tx) => {
    const { parent, seal } = await lockParentForChange(tx, actor, label.qr);
    const qr = displayQr(parent.qr);
    if (!seal) throw new ConflictError("not_finished", `Parent ${qr} is not finished: there is nothing to reopen.`).say({ qr }, "scan_not_finished");
    if (!mayTakeBack(actor, seal)) {
      const own = seal.byId === actor.id;
      const when = `${formatIstDateTime(seal.at)} IST`;
      const values = { qr, at: formatIstDateTime(seal.at), minutes: UNDO_WINDOW_MINUTES, ...(seal.by === null ? {} : { by: seal.by }) };
      throw new ForbiddenError(
        own
          ? `You finished parent ${qr} at ${when}, more than ${UNDO_WINDOW_MINUTES} minutes ago. Ask an admin to reopen it.`
          : `Parent ${qr} was finished by ${seal.by ?? "a deleted user"} at ${when}. Only they (within ${UNDO_WINDOW_MINUTES} minutes) or an admin can reopen it.`,
        "not_reopenable",
      ).say(values, own ? "scan_not_reopenable_own" : seal.by === null ? "scan_not_reopenable_deleted" : "scan_not_reopenable");
    }
    const status = parentStatusFor(parent.childCount, capacityOf(parent));
    await tx
      .update(bags)
      .set({ status, finishedAt: null, finishedBy: null, finishReason: null, updatedAt: sql`now()` })
      .where(eq(bags.id, parent.id));
    await audit(tx, ctx, {
      action: "parent_reopened",
      entityType: "bag",
      entityId: parent.id,
      before: { status: parent.status, childCount: parent.childCount, finished: { at: seal.at, by: seal.by, reason: seal.reason } },
      after: { status, childCount: parent.childCount },
      details: { parentQr: parent.qr, reason: seal.reason },
    });
    return { parent: stationParentOf({ ...parent, status }, null) };
  }));
}
