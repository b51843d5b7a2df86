import "server-only";
import { eq } from "drizzle-orm";
import { labelReservations, labelSequences } from "@/db/schema";
import type { ReservedLabels } from "@/lib/dto/labels";
import { labelCode, labelRange, LABEL_SERIES, type LabelKind } from "@/lib/labels";
import { ReserveLabelsJson } from "@/lib/schemas/labels";
import { audit } from "../audit";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayReserveLabels } from "./read";
import { freeStart, lockSequence } from "./series";

// Reserving label numbers (issue 18): the next free numbers of a series, held in the database so
// two offices never print the same label. The series' label_sequences row is the lock: one
// reservation of a series at a time, each starting where the last one (or the highest bag) ends.

/** The sequence lock makes this unreachable; should it slip through, it is a 409, not a 500. */
const LABEL_CONSTRAINTS: ConstraintErrors = {
  label_reservations_kind_first_unique: () =>
    new ConflictError("labels_taken", "Those label numbers were just reserved by someone else. Reserve again.").say({}, "labels_taken"),
};

function exhausted(kind: LabelKind, start: number, count: number): ConflictError {
  const max = LABEL_SERIES[kind].max;
  const left = Math.max(0, max - start + 1);
  const last = labelCode(kind, max);
  if (left === 0) {
    return new ConflictError("labels_exhausted", `No ${kind} numbers are left: every number up to ${last} is reserved or on a bag.`).say({ kind, last }, "labels_none_left");
  }
  const first = labelCode(kind, start);
  return new ConflictError(
    "labels_exhausted",
    `Only ${left} ${kind} number${left === 1 ? " is" : "s are"} left (${first}–${last}); you asked for ${count}. Reserve at most ${left}.`,
  ).say({ left, kind, first, last, count }, "labels_only_left");
}

/**
 * POST /api/labels {kind, count (1–1000), note?} → the next free range of the series: after the
 * series' sequence, the highest bag of the series and the last reservation, whichever is
 * furthest. 409 labels_exhausted past the series' last number (nothing is reserved then).
 */
export async function reserveLabels(ctx: ServiceContext, input: unknown): Promise<ReservedLabels> {
  assertMayReserveLabels(ctx);
  const { kind, count, note } = parseInput(ReserveLabelsJson, input);
  return inTransaction(ctx.db, LABEL_CONSTRAINTS, async (tx) => {
    // The lock first: the reads after it see every reservation committed before it.
    const start = await freeStart(tx, kind, await lockSequence(tx, kind));
    if (start + count - 1 > LABEL_SERIES[kind].max) throw exhausted(kind, start, count);
    const [row] = await tx
      .insert(labelReservations)
      .values({ kind, firstNumber: start, count, reservedBy: ctx.actor.id, note: note ?? null })
      .returning({ id: labelReservations.id, createdAt: labelReservations.createdAt });
    if (!row) throw new Error("label reservation insert returned no row");
    await tx.update(labelSequences).set({ nextNumber: start + count }).where(eq(labelSequences.kind, kind));
    const { first, last } = labelRange(kind, start, count);
    await audit(tx, ctx, {
      action: "labels_reserved",
      entityType: "label_reservation",
      entityId: row.id,
      details: { kind, first, last, count, note: note ?? null },
    });
    const reservation = { id: row.id, kind, first, last, count, firstNumber: start, createdAt: row.createdAt, reservedBy: ctx.actor.username, note: note ?? null };
    return { reservation };
  });
}
