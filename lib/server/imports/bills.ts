import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Tx } from "@/db/client";
import { bags, billBags, bills, customers, returnTicketBags, returnTickets } from "@/db/schema";
import type { ImportCounts } from "@/lib/dto/imports";
import { displayQr } from "@/lib/qr";
import { CreateBillJson } from "@/lib/schemas/bills";
import { billFull, onOtherBill, parentNotRegistered, parentOnReturn, registeredAsChild, requireParentQr } from "../bills/parents";
import { duplicateBill } from "../bills/mutations";
import type { ServiceContext } from "../service";
import type { StatsChange } from "../stats/change";
import { loadStaging, pgTextArray } from "./staging";
import type { TableRow } from "./table";
import { refusalOf, refused, type Verdict } from "./verdicts";

/** A bill as the file describes it (its first row; later rows may repeat or leave blank the details). */
interface FileBill {
  billNumber: string;
  key: string;
  capacity: number;
  customer: string | null;
  vehicle: string | null;
  firstRow: number;
  parents: string[];
}

/** The same bill details in two rows? Blank cells in later rows mean "as above". */
function sameDetails(bill: FileBill, capacity: number, customer: string | null, vehicle: string | null): string | null {
  if (capacity !== bill.capacity) return `capacity ${capacity}, but row ${bill.firstRow} says ${bill.capacity}`;
  if (customer !== null && customer.toLowerCase() !== (bill.customer ?? "").toLowerCase()) return `customer "${customer}", but row ${bill.firstRow} says "${bill.customer ?? ""}"`;
  if (vehicle !== null && vehicle !== bill.vehicle) return `vehicle "${vehicle}", but row ${bill.firstRow} says "${bill.vehicle ?? ""}"`;
  return null;
}

export interface BillsOutcome {
  verdicts: Verdict[];
  counts: ImportCounts;
}

/**
 * Checks every row of a bills import (one row per parent: bill_number, capacity, customer,
 * vehicle, parent_qr) with the bill verbs' rules — CreateBillJson for the bill, the bill scan's
 * refusals for each parent — and, when all pass, creates the bills (customers resolved by name,
 * any case, created when new), their bill_bags and linked counts set-wise.
 */
export async function importBills(
  tx: Tx,
  ctx: ServiceContext,
  rows: readonly TableRow[],
  change: StatsChange,
  onProgress: (phase: "checking" | "writing", processed: number, total: number) => Promise<void>,
): Promise<BillsOutcome> {
  const verdicts: Verdict[] = rows.map(() => ({ ok: true }));
  const fileBills = new Map<string, FileBill>();
  const parentOfRow: (string | null)[] = rows.map(() => null);
  const billOfRow: (string | null)[] = rows.map(() => null);
  const parentRow = new Map<string, number>();

  rows.forEach(({ row, values, error }, i) => {
    if (error) {
      verdicts[i] = { ok: false, ...error };
      return;
    }
    const parsed = CreateBillJson.safeParse({
      billNumber: values.bill_number ?? "",
      capacity: values.capacity ?? "",
      customer: values.customer ?? "",
      vehicleNumber: values.vehicle ?? "",
    });
    if (!parsed.success) {
      verdicts[i] = { ok: false, code: "invalid_input", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
      return;
    }
    const { billNumber, capacity } = parsed.data;
    const customer = parsed.data.customer ?? null;
    const vehicle = parsed.data.vehicleNumber ?? null;
    const key = billNumber.toUpperCase();
    let bill = fileBills.get(key);
    if (!bill) {
      bill = { billNumber, key, capacity, customer, vehicle, firstRow: row, parents: [] };
      fileBills.set(key, bill);
    } else {
      const clash = sameDetails(bill, capacity, customer, vehicle);
      if (clash) {
        verdicts[i] = { ok: false, code: "inconsistent_bill", message: `Bill ${bill.billNumber}: this row gives ${clash}.` };
        return;
      }
    }
    billOfRow[i] = key;
    const raw = values.parent_qr ?? "";
    if (raw === "") return; // a bill row without a parent creates the bill alone
    const label = refusalOf(() => requireParentQr(raw));
    if (label.refusal) {
      verdicts[i] = label.refusal;
      return;
    }
    const earlier = parentRow.get(label.value);
    if (earlier !== undefined) {
      verdicts[i] = { ok: false, code: "duplicate_in_file", message: `Parent ${displayQr(label.value)} is already in row ${earlier} of this file (a parent goes on one bill).` };
      return;
    }
    parentRow.set(label.value, row);
    parentOfRow[i] = label.value;
    if (bill.parents.length >= bill.capacity) {
      verdicts[i] = refused(billFull(bill.billNumber, bill.parents.length, bill.capacity));
      return;
    }
    bill.parents.push(label.value);
  });
  await onProgress("checking", 0, rows.length);

  const keys = [...fileBills.keys()];
  const taken = new Set(
    keys.length === 0
      ? []
      : (
          await selectRows<{ key: string }>(
            tx,
            sql`select upper(${bills.billNumber}) as key from unnest(${pgTextArray(keys)}::text[]) as q(k) join ${bills} on upper(${bills.billNumber}) = q.k`,
          )
        ).map((r) => r.key),
  );
  const qrs = [...parentRow.keys()];
  const found = new Map<string, { type: string; qr: string; holder: string | null; ticket: string | null }>();
  if (qrs.length > 0) {
    const rowsFound = await selectRows<{ key: string; qr: string; type: string; holder: string | null; ticket: string | null }>(
      tx,
      sql`select upper(b.qr) as key, b.qr, b.type, bl.bill_number as holder, rt.code as ticket
            from unnest(${pgTextArray(qrs)}::text[]) as q(qr)
            join ${bags} b on upper(b.qr) = q.qr
            left join ${billBags} bb on bb.bag_id = b.id
            left join ${bills} bl on bl.id = bb.bill_id
            left join ${returnTicketBags} rtb on rtb.bag_id = b.id and rtb.state = 'held'
            left join ${returnTickets} rt on rt.id = rtb.ticket_id`,
    );
    for (const r of rowsFound) found.set(r.key, r);
  }
  await onProgress("checking", Math.floor(rows.length / 2), rows.length);
  rows.forEach((_, i) => {
    if (!verdicts[i]?.ok) return;
    const key = billOfRow[i];
    const bill = key ? fileBills.get(key) : undefined;
    if (bill && taken.has(bill.key)) {
      verdicts[i] = refused(duplicateBill(bill.billNumber));
      return;
    }
    const qr = parentOfRow[i];
    if (!qr) return;
    const parent = found.get(qr);
    if (!parent) verdicts[i] = refused(parentNotRegistered(qr));
    else if (parent.type !== "parent") verdicts[i] = refused(registeredAsChild(parent.qr));
    else if (parent.holder !== null) verdicts[i] = refused(onOtherBill(parent, parent.holder));
    else if (parent.ticket !== null) verdicts[i] = refused(parentOnReturn(parent.qr, parent.ticket));
  });
  const counts: ImportCounts = { parentsCreated: 0, childrenCreated: 0, linksCreated: 0, billsCreated: 0, billParentsAdded: 0 };
  if (verdicts.some((v) => !v.ok)) return { verdicts, counts };

  // ---- writes, set-wise ----
  await onProgress("writing", 0, rows.length);
  const list = [...fileBills.values()];
  await loadStaging(tx, "import_bills", [
    { name: "bill_number", type: "text", values: list.map((b) => b.billNumber) },
    { name: "capacity", type: "int", values: list.map((b) => b.capacity) },
    { name: "customer", type: "text", values: list.map((b) => b.customer) },
    { name: "vehicle", type: "text", values: list.map((b) => b.vehicle) },
    { name: "linked", type: "int", values: list.map((b) => b.parents.length) },
  ]);
  // Customers are named as bills name them (customerIdFor): any case matches, a new name is created.
  await tx.execute(sql`insert into ${customers} (name)
    select distinct on (lower(customer)) customer from import_bills where customer is not null order by lower(customer)
    on conflict do nothing`);
  await tx.execute(sql`insert into ${bills} (bill_number, capacity, customer_id, vehicle_number, status, linked_count, created_by)
    select s.bill_number, s.capacity, c.id, s.vehicle, case when s.linked > 0 then 'processing' else 'new' end, s.linked, ${ctx.actor.id}
      from import_bills s left join ${customers} c on lower(c.name) = lower(s.customer)`);
  const pairs = list.flatMap((b) => b.parents.map((qr) => [b.key, qr] as const));
  if (pairs.length > 0) {
    await loadStaging(
      tx,
      "import_bill_parents",
      [
        { name: "bill_key", type: "text", values: pairs.map(([k]) => k) },
        { name: "qr", type: "text", values: pairs.map(([, qr]) => qr) },
      ],
      (loaded) => onProgress("writing", Math.floor(loaded / 2), rows.length),
    );
    await tx.execute(sql`insert into ${billBags} (bill_id, bag_id, added_by)
      select bl.id, b.id, ${ctx.actor.id} from import_bill_parents s
        join ${bills} bl on upper(bl.bill_number) = s.bill_key
        join ${bags} b on upper(b.qr) = s.qr`);
  }
  for (const b of list) change.billStatus(null, b.parents.length > 0 ? "processing" : "new");
  counts.billsCreated = list.length;
  counts.billParentsAdded = pairs.length;
  await onProgress("writing", rows.length, rows.length);
  return { verdicts, counts };
}
