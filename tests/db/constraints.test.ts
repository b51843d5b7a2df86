import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { bags, billBags, bills, links } from "@/db/schema";
import { truncateAll, setupTestDb } from "../support/db";

const db = setupTestDb();

/** Runs an insert and returns the database's refusal (the constraint name) or null. */
async function refusal(op: () => Promise<unknown>): Promise<string | null> {
  try {
    await op();
    return null;
  } catch (err) {
    const e = err as { cause?: { constraint_name?: string; constraint?: string; message?: string }; constraint_name?: string; message?: string };
    const cause = e.cause ?? e;
    return (cause as { constraint_name?: string }).constraint_name ?? (cause as { constraint?: string }).constraint ?? cause.message ?? "refused";
  }
}

function idOf(rows: { id: number }[], index = 0): number {
  const row = rows[index];
  if (!row) throw new Error("insert returned no row");
  return row.id;
}
async function parent(qr: string) {
  return idOf(await db().db.insert(bags).values({ qr, type: "parent", capacity: 30 }).returning({ id: bags.id }));
}
async function child(qr: string) {
  return idOf(await db().db.insert(bags).values({ qr, type: "child" }).returning({ id: bags.id }));
}

describe("database constraints", () => {
  beforeEach(async () => truncateAll(db()));

  it("refuses a duplicate QR that differs only in case", async () => {
    await parent("SB12345");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "sb12345", type: "parent", capacity: 30 }))).toBe("bags_qr_ci_unique");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "Sb12345", type: "child" }))).toBe("bags_qr_ci_unique");
  });

  it("refuses a second parent for one child", async () => {
    const p1 = await parent("SB00001");
    const p2 = await parent("SB00002");
    const c = await child("1000001");
    await db().db.insert(links).values({ parentBagId: p1, childBagId: c });
    expect(await refusal(() => db().db.insert(links).values({ parentBagId: p2, childBagId: c }))).toBe("links_child_unique");
  });

  it("refuses a link whose parent is a child bag or whose child is a parent bag", async () => {
    const p = await parent("SB00003");
    const c1 = await child("1000002");
    const c2 = await child("1000003");
    expect(await refusal(() => db().db.insert(links).values({ parentBagId: c1, childBagId: c2 }))).toBe("links_parent_fk");
    const p2 = await parent("SB00004");
    expect(await refusal(() => db().db.insert(links).values({ parentBagId: p, childBagId: p2 }))).toBe("links_child_fk");
  });

  it("refuses a parent on two bills, and a child bag on any bill", async () => {
    const p = await parent("SB00005");
    const c = await child("1000004");
    const rows = await db().db.insert(bills).values([{ billNumber: "B-1", capacity: 5 }, { billNumber: "B-2", capacity: 5 }]).returning({ id: bills.id });
    const [b1, b2] = [idOf(rows, 0), idOf(rows, 1)];
    await db().db.insert(billBags).values({ billId: b1, bagId: p });
    expect(await refusal(() => db().db.insert(billBags).values({ billId: b2, bagId: p }))).toBe("bill_bags_bag_unique");
    expect(await refusal(() => db().db.insert(billBags).values({ billId: b2, bagId: c }))).toBe("bill_bags_bag_fk");
  });

  it("refuses a duplicate bill number that differs only in case", async () => {
    await db().db.insert(bills).values({ billNumber: "INV-7", capacity: 1 });
    expect(await refusal(() => db().db.insert(bills).values({ billNumber: "inv-7", capacity: 1 }))).toBe("bills_number_ci_unique");
  });

  it("refuses counts and capacities outside their ranges", async () => {
    expect(await refusal(() => db().db.insert(bills).values({ billNumber: "B-0", capacity: 0 }))).toBe("bills_capacity_check");
    expect(await refusal(() => db().db.insert(bills).values({ billNumber: "B-501", capacity: 501 }))).toBe("bills_capacity_check");
    expect(await refusal(() => db().db.insert(bills).values({ billNumber: "B-neg", capacity: 5, linkedCount: -1 }))).toBe("bills_linked_count_check");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "SB00009", type: "parent", capacity: 30, childCount: 31 }))).toBe("bags_child_count_check");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "SB00010", type: "parent", capacity: 20 }))).toBe("bags_capacity_check");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "1000009", type: "child", capacity: 30 }))).toBe("bags_capacity_check");
    expect(await refusal(() => db().db.insert(bags).values({ qr: "SB00011", type: "parent", capacity: 30, status: "done" as "completed" }))).toBe("bags_status_check");
  });

  it("stores timestamps with time zone", async () => {
    const rows = await db().rows<{ data_type: string }>(
      sql`select distinct data_type from information_schema.columns where table_schema = 'public' and column_name in ('created_at', 'expires', 'locked_until')`,
    );
    expect(rows.map((r) => r.data_type)).toEqual(["timestamp with time zone"]);
  });
});
