import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { selectRows, type Db, type Tx } from "@/db/client";
import { bags, labelReservations, labelSequences } from "@/db/schema";
import type { NextFreeLabel } from "@/lib/dto/labels";
import { labelCode, labelNumber, LABEL_KINDS, LABEL_SERIES, type LabelKind } from "@/lib/labels";
import type { ServiceContext } from "../service";
import { assertMayReserveLabels } from "./read";

// Where a label series stands: its sequence, the highest bag of the series and the end of its
// last reservation. The next free number is one past the furthest of them.

/**
 * The highest code of the series on a bag. An ordered backward scan of bags_qr_ci_unique
 * (upper(qr)) within the series' range stops at the first exact match, so it reads a handful of
 * index entries even among millions of bags; the regex keeps out other text sorting inside the range.
 */
export function highestBagQuery(kind: LabelKind): SQL {
  const { prefix, digits, pattern } = LABEL_SERIES[kind];
  return sql`select upper(${bags.qr}) as qr from ${bags}
    where upper(${bags.qr}) between ${prefix + "0".repeat(digits)} and ${prefix + "9".repeat(digits)}
      and upper(${bags.qr}) ~ ${pattern.source}
    order by upper(${bags.qr}) desc limit 1`;
}

/** The highest number of the series already on a bag (0 when none). */
export async function highestBagNumber(conn: Db | Tx, kind: LabelKind): Promise<number> {
  const [row] = await selectRows<{ qr: string }>(conn, highestBagQuery(kind));
  return row ? (labelNumber(kind, row.qr) ?? 0) : 0;
}

/** One past the last number reserved in the series (1 when none): the unique (kind, first_number) index, backwards. */
export async function endOfReservations(conn: Db | Tx, kind: LabelKind): Promise<number> {
  const [row] = await selectRows<{ next: string }>(
    conn,
    sql`select (${labelReservations.firstNumber} + ${labelReservations.count})::text as next from ${labelReservations}
        where ${labelReservations.kind} = ${kind} order by ${labelReservations.firstNumber} desc limit 1`,
  );
  return row ? Number(row.next) : 1;
}

/** The next free number after the sequence's `next`, the series' bags and its reservations. */
export async function freeStart(conn: Db | Tx, kind: LabelKind, next: number): Promise<number> {
  const [bag, reserved] = [await highestBagNumber(conn, kind), await endOfReservations(conn, kind)];
  return Math.max(next, bag + 1, reserved);
}

/** For the /labels form: what each series would hand out next (no lock: a preview, not a promise). */
export async function nextFreeLabels(ctx: ServiceContext): Promise<NextFreeLabel[]> {
  assertMayReserveLabels(ctx);
  const sequences = await ctx.db.select({ kind: labelSequences.kind, next: labelSequences.nextNumber }).from(labelSequences);
  const result: NextFreeLabel[] = [];
  for (const kind of LABEL_KINDS) {
    const start = await freeStart(ctx.db, kind, sequences.find((s) => s.kind === kind)?.next ?? 1);
    const left = Math.max(0, LABEL_SERIES[kind].max - start + 1);
    result.push({ kind, next: left > 0 ? labelCode(kind, start) : null, left });
  }
  return result;
}

/** Locks the series' row (creating it at 1 the first time) until commit and returns its next number. */
export async function lockSequence(tx: Tx, kind: LabelKind): Promise<number> {
  await tx.insert(labelSequences).values({ kind, nextNumber: 1 }).onConflictDoNothing();
  const [row] = await tx.select({ next: labelSequences.nextNumber }).from(labelSequences).where(eq(labelSequences.kind, kind)).for("update");
  if (!row) throw new Error(`label sequence ${kind} vanished inside its own transaction`);
  return row.next;
}
