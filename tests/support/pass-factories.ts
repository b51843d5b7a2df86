import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bills, gatePasses } from "@/db/schema";
import type { PassDto } from "@/lib/dto/passes";
import { passWindowProblems } from "@/lib/schemas/passes";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { issuePass } from "@/lib/server/passes/issue";
import { readPass } from "@/lib/server/passes/read";
import type { Actor } from "@/lib/server/service";
import { labelMaker, makeBill, makeParent, type Labels } from "./bill-factories";
import { ctxOf } from "./context";
import { makeUser } from "./factories";

// Completed bills and gate passes for DB tests, made through the real verbs (audited like real
// ones). Labels default to series 8 (lib/server/bills/dedupe.ts keys scans by bill id and QR:
// a file that shares a Redis with another using the default should pass its own `labels`).

const defaultLabels = labelMaker(8);

export interface CompletedBillOptions {
  /** Who creates and completes it; a new biller when left out. */
  actor?: Actor;
  labels?: Labels;
  /** Parent bags on the bill (its capacity); 1 by default. */
  parents?: number;
  /** Child bags in each parent; 5 by default. */
  children?: number;
  billNumber?: string;
  customer?: string;
}

export interface CompletedBill {
  id: number;
  billNumber: string;
  actor: Actor;
  parentQrs: string[];
}

/** A bill with its parents on it, completed through addParentToBill + completeBill. */
export async function makeCompletedBill(db: Db, opts: CompletedBillOptions = {}): Promise<CompletedBill> {
  const labels = opts.labels ?? defaultLabels;
  const actor = opts.actor ?? (await makeUser(db, "biller"));
  const parents = opts.parents ?? 1;
  const bill = await makeBill(db, actor, labels, {
    capacity: parents,
    ...(opts.billNumber ? { billNumber: opts.billNumber } : {}),
    ...(opts.customer ? { customer: opts.customer } : {}),
  });
  const parentQrs: string[] = [];
  for (let i = 0; i < parents; i += 1) {
    const parent = await makeParent(db, labels, { children: opts.children ?? 5 });
    await addParentToBill(ctxOf(db, actor), { billNumber: bill.billNumber, qr: parent.qr });
    parentQrs.push(parent.qr);
  }
  const counts = await completeBill(ctxOf(db, actor), { billNumber: bill.billNumber });
  if (counts.status !== "completed") throw new Error(`makeCompletedBill: ${bill.billNumber} is ${counts.status}`);
  const [row] = await db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, bill.billNumber));
  if (!row) throw new Error(`makeCompletedBill: ${bill.billNumber} not found`);
  return { id: row.id, billNumber: bill.billNumber, actor, parentQrs };
}

export interface MakePassOptions {
  /** An existing completed bill; a new one when left out. */
  billNumber?: string;
  /**
   * The window. One issuePass refuses (already over, or too far ahead) is issued with the
   * default window and then moved there directly, so a test can have an expired or a
   * not-yet-valid pass (it must still satisfy the table's CHECK: ends after it starts, ≤ 48 h).
   */
  validFrom?: Date;
  validUntil?: Date;
  /** Who issues it; a new biller when left out. */
  issuer?: Actor;
  driverName?: string;
  driverPhone?: string;
  coDriverName?: string;
  coDriverPhone?: string;
  vehicleNumber?: string;
  notes?: string;
  labels?: Labels;
}

/** A gate pass issued through issuePass, as the issuer sees it (with its signed payload). */
export async function makePass(db: Db, opts: MakePassOptions = {}): Promise<PassDto> {
  const issuer = opts.issuer ?? (await makeUser(db, "biller"));
  const billNumber = opts.billNumber ?? (await makeCompletedBill(db, { actor: issuer, ...(opts.labels ? { labels: opts.labels } : {}) })).billNumber;
  const now = new Date();
  const wanted = opts.validFrom || opts.validUntil;
  const until = opts.validUntil ?? (opts.validFrom ? new Date(opts.validFrom.getTime() + 12 * 3_600_000) : undefined);
  const direct = wanted && Object.keys(passWindowProblems({ validFrom: opts.validFrom ?? now, validUntil: until ?? now }, now)).length > 0;
  const pass = await issuePass(ctxOf(db, issuer), {
    billNumber,
    driverName: opts.driverName ?? "Ramesh Kumar",
    driverPhone: opts.driverPhone ?? "9829012345",
    vehicleNumber: opts.vehicleNumber ?? "RJ14GB1234",
    ...(opts.coDriverName !== undefined ? { coDriverName: opts.coDriverName } : {}),
    ...(opts.coDriverPhone !== undefined ? { coDriverPhone: opts.coDriverPhone } : {}),
    ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
    ...(!direct && opts.validFrom ? { validFrom: opts.validFrom.toISOString() } : {}),
    ...(!direct && opts.validUntil ? { validUntil: opts.validUntil.toISOString() } : {}),
  });
  if (!direct) return pass;
  await db
    .update(gatePasses)
    .set({ validFrom: opts.validFrom ?? new Date((until ?? now).getTime() - 12 * 3_600_000), validUntil: until ?? now })
    .where(eq(gatePasses.code, pass.code));
  const moved = await readPass(db, pass.code, { withPayload: true });
  if (!moved) throw new Error(`makePass: ${pass.code} vanished`);
  return moved;
}
