import { eq, sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { customers } from "@/db/schema";
import { addParentToBill } from "@/lib/server/bills/parents";
import { insertCustomerAccount } from "@/lib/server/customers/accounts";
import { scanGatePass } from "@/lib/server/passes/gate-scan";
import type { Actor, ServiceContext } from "@/lib/server/service";
import { systemContext } from "@/lib/server/service";
import { makeBill, makeParent, type Labels } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// The portal tests' world: three customers, accounts linked to some or all of them, and bills of
// each made through the real verbs (POST /api/bills's createBill with `customer: "Name"`).

export const AGRO = "Agro Traders";
export const BHARAT = "Bharat Seeds";
export const CHETAK = "Chetak Mills";

export interface PortalWorld {
  admin: Actor;
  biller: Actor;
  gate: Actor;
  /** Linked to Agro Traders only. */
  agro: Actor;
  /** Linked to Bharat Seeds and Chetak Mills. */
  bharatChetak: Actor;
  /** Linked to every customer. */
  everyone: Actor;
  codes: Record<string, string>;
  /** Bill numbers by customer name. */
  bills: Record<string, string[]>;
}

let accountSeq = 0;
/** A customer account made as the CLI makes one (insertCustomerAccount), as the actor a verb gets. */
export async function makeCustomerAccount(db: Db, input: { customers?: string[]; allCustomers?: boolean }): Promise<Actor> {
  accountSeq += 1;
  const email = `dealer${process.pid}-${accountSeq}@example.com`;
  const created = await insertCustomerAccount(systemContext(db), { email, customers: input.customers ?? [], allCustomers: input.allCustomers ?? false }, "dealer-pass-12", {
    mustChangePassword: false,
  });
  return { id: created.id, username: email, role: "customer", dispatchArea: null };
}

export async function customerCodeOf(db: Db, name: string): Promise<string> {
  const [row] = await db.select({ code: customers.code }).from(customers).where(eq(customers.name, name));
  if (!row) throw new Error(`no customer ${name}`);
  return row.code;
}

/** A bill of `customer` with parents (SB and M444 with the given child counts) and a vehicle. */
export async function makeCustomerBill(
  db: Db,
  biller: Actor,
  labels: Labels,
  opts: { customer?: string; parents?: { kind: "SB" | "M444"; children: number }[]; vehicleNumber?: string; billNumber?: string },
): Promise<string> {
  const parents = opts.parents ?? [];
  const bill = await makeBill(db, biller, labels, {
    capacity: Math.max(1, parents.length + 1),
    ...(opts.customer ? { customer: opts.customer } : {}),
    ...(opts.vehicleNumber ? { vehicleNumber: opts.vehicleNumber } : {}),
    ...(opts.billNumber ? { billNumber: opts.billNumber } : {}),
  });
  for (const p of parents) {
    const parent = await makeParent(db, labels, { kind: p.kind, children: p.children });
    await addParentToBill(ctxOf(db, biller), { billNumber: bill.billNumber, qr: parent.qr });
  }
  return bill.billNumber;
}

/** A completed bill of `customer` whose gate pass was admitted at the gate (status dispatched). */
export async function makeDispatchedBill(db: Db, world: Pick<PortalWorld, "biller" | "gate">, labels: Labels, customer: string): Promise<string> {
  const bill = await makeCompletedBill(db, { actor: world.biller, labels, customer, parents: 2, children: 4 });
  const pass = await makePass(db, { billNumber: bill.billNumber, issuer: world.biller, labels });
  const scan = await scanGatePass(ctxOf(db, world.gate), { payload: pass.payload });
  if (scan.result !== "admitted") throw new Error(`gate refused ${bill.billNumber}: ${scan.result}`);
  return bill.billNumber;
}

/** Three customers' bills (Agro 3, Bharat 2, Chetak 1 of them dispatched) and the accounts. */
export async function makePortalWorld(handle: DbHandle, labels: Labels): Promise<PortalWorld> {
  const db = handle.db;
  await handle.rows(sql`truncate table audit_log, scans, bill_bags, bills, links, bags, gate_passes, user_customers, customers, sessions, users restart identity cascade`);
  const admin = await makeUser(db, "admin");
  const biller = await makeUser(db, "biller");
  const gate = await makeUser(db, "gate");
  const bills: Record<string, string[]> = { [AGRO]: [], [BHARAT]: [], [CHETAK]: [] };
  bills[AGRO]?.push(
    await makeCustomerBill(db, biller, labels, { customer: AGRO, parents: [{ kind: "SB", children: 30 }, { kind: "M444", children: 7 }], vehicleNumber: "RJ14GB1234" }),
    await makeCustomerBill(db, biller, labels, { customer: "agro traders", parents: [{ kind: "SB", children: 3 }] }),
    await makeCustomerBill(db, biller, labels, { customer: AGRO }),
  );
  bills[BHARAT]?.push(
    await makeCustomerBill(db, biller, labels, { customer: BHARAT, parents: [{ kind: "M444", children: 15 }], vehicleNumber: "HR20AB0001" }),
    await makeDispatchedBill(db, { biller, gate }, labels, BHARAT),
  );
  bills[CHETAK]?.push(await makeCustomerBill(db, biller, labels, { customer: CHETAK, parents: [{ kind: "SB", children: 12 }] }));
  const codes = { [AGRO]: await customerCodeOf(db, AGRO), [BHARAT]: await customerCodeOf(db, BHARAT), [CHETAK]: await customerCodeOf(db, CHETAK) };
  return {
    admin,
    biller,
    gate,
    agro: await makeCustomerAccount(db, { customers: [AGRO] }),
    bharatChetak: await makeCustomerAccount(db, { customers: [BHARAT, CHETAK] }),
    everyone: await makeCustomerAccount(db, { allCustomers: true }),
    codes,
    bills,
  };
}

export const asCtx = (db: Db, actor: Actor): ServiceContext => ctxOf(db, actor);
