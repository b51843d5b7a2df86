import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getCustomers } from "@/app/api/customers/route";
import { auditLog, bills, customers } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { createBill, updateBill } from "@/lib/server/bills/mutations";
import { createCustomer, listCustomers, searchCustomers, updateCustomer } from "@/lib/server/customers/customers";
import { ctxOf, routeSessionOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;

// Customers as data (DESIGN.md §8): bills name a customer case-insensitively (created when new,
// once even under a race), the type-ahead, and the admin's create and edit.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;
let seq = 0;
const billNumber = () => `CB-${process.pid}-${++seq}`;

async function customerRows() {
  return db().db.select({ id: customers.id, code: customers.code, name: customers.name }).from(customers).orderBy(customers.id);
}
async function customerIdOfBill(number: string) {
  const [row] = await db().db.select({ customerId: bills.customerId }).from(bills).where(eq(bills.billNumber, number));
  return row?.customerId ?? null;
}

describe("customers", () => {
  beforeEach(async () => {
    await truncateAll(db());
    await db().rows(sql`truncate table customers restart identity cascade`);
    biller = await makeUser(db().db, "biller");
    admin = await makeUser(db().db, "admin");
  });

  it("a bill naming an existing customer in another case reuses its row (one customer, same code)", async () => {
    const first = billNumber();
    await createBill(ctxOf(db().db, biller), { billNumber: first, capacity: 2, customer: "Agro Traders" });
    const [agro] = await customerRows();
    const second = billNumber();
    const bill = await createBill(ctxOf(db().db, biller), { billNumber: second, capacity: 2, customer: "  agro traders " });
    expect(await customerRows()).toEqual([agro]);
    expect(agro?.code).toBe("C0001");
    expect(await customerIdOfBill(second)).toBe(agro?.id);
    // The bill shows the customer as first spelled.
    expect(bill.customer).toBe("Agro Traders");
  });

  it("two bills created at once with the same new customer make exactly one customer row", async () => {
    if (usingPostgres) {
      // Open the pool's connections first, so the creations really run side by side.
      await Promise.all(Array.from({ length: 16 }, () => db().rows(sql`select pg_sleep(0.02)`)));
    }
    for (let round = 0; round < 5; round += 1) {
      const name = `Race Traders ${round}`;
      const numbers = Array.from({ length: 8 }, billNumber);
      const results = await Promise.all(
        numbers.map((n, i) => settle(createBill(ctxOf(db().db, biller), { billNumber: n, capacity: 1, customer: i % 2 ? name.toUpperCase() : name }))),
      );
      expect(results.every((r) => "ok" in r)).toBe(true);
      const rows = (await customerRows()).filter((c) => c.name.toLowerCase() === name.toLowerCase());
      expect(rows).toHaveLength(1);
      const ids = await Promise.all(numbers.map(customerIdOfBill));
      expect(new Set(ids)).toEqual(new Set([rows[0]?.id]));
    }
  });

  it("editing a bill's customer to the same name in another case is no change", async () => {
    const number = billNumber();
    await createBill(ctxOf(db().db, biller), { billNumber: number, capacity: 2, customer: "Shree Ram" });
    const before = await customerIdOfBill(number);
    const bill = await updateBill(ctxOf(db().db, biller), { billNumber: number, customer: "SHREE RAM" });
    expect(bill.customer).toBe("Shree Ram");
    expect(await customerIdOfBill(number)).toBe(before);
    expect(await customerRows()).toHaveLength(1);
    expect(await db().db.select().from(auditLog).where(eq(auditLog.action, "bill_updated"))).toHaveLength(0);
    // A different name is a change, to a new customer.
    await updateBill(ctxOf(db().db, biller), { billNumber: number, customer: "Shree Shyam" });
    expect(await customerIdOfBill(number)).not.toBe(before);
    expect(await customerRows()).toHaveLength(2);
  });

  it("the type-ahead finds names containing the text in any case, prefix matches first, at most 20", async () => {
    for (const name of ["Lucknow Agro", "Agro Traders", "agrotech", "Shree Ram", "Maha AGRO Mills"]) {
      await createCustomer(ctxOf(db().db, admin), { name });
    }
    for (let i = 0; i < 25; i += 1) await createCustomer(ctxOf(db().db, admin), { name: `Zed ${String(i).padStart(2, "0")}` });
    const found = await searchCustomers(ctxOf(db().db, biller), { q: "AGRO" });
    expect(found.map((c) => c.name)).toEqual(["Agro Traders", "agrotech", "Lucknow Agro", "Maha AGRO Mills"]);
    expect(found[0]?.code).toMatch(/^C\d{4}$/);
    expect(await searchCustomers(ctxOf(db().db, biller), { q: "zed" })).toHaveLength(20);
    expect(await searchCustomers(ctxOf(db().db, biller), { q: "%" })).toEqual([]);
    expect(await settle(searchCustomers(ctxOf(db().db, biller), { q: "x".repeat(121) }))).toEqual({ code: "invalid_input" });
    const dispatcher = await makeUser(db().db, "dispatcher");
    expect(await settle(searchCustomers(ctxOf(db().db, dispatcher), { q: "agro" }))).toEqual({ code: "forbidden" });
  });

  it("GET /api/customers answers billers and admins with {customers: [{code, name}]}, and refuses others", async () => {
    await createCustomer(ctxOf(db().db, admin), { name: "Agro Traders" });
    const call = () => getCustomers(new Request("http://localhost/api/customers?q=agro"));
    session.user = routeSessionOf(biller);
    const res = await call();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ customers: [{ code: "C0001", name: "Agro Traders" }] });
    session.user = routeSessionOf(admin);
    expect((await call()).status).toBe(200);
    for (const role of ["dispatcher", "gate", "customer"] as const) {
      session.user = routeSessionOf(await makeUser(db().db, role));
      expect((await call()).status, role).toBe(403);
    }
    session.user = null;
    expect((await call()).status).toBe(401);
  });

  it("creates and edits a customer, audited; a name taken in any case is a 409", async () => {
    const created = await createCustomer(ctxOf(db().db, admin), { name: "Agro Traders", email: "Office@Agro.example", phone: "+91 98290 12345" });
    expect(created).toMatchObject({ code: "C0001", name: "Agro Traders", email: "office@agro.example", phone: "9829012345" });
    const other = await createCustomer(ctxOf(db().db, admin), { name: "Shree Ram" });
    expect(await settle(createCustomer(ctxOf(db().db, admin), { name: "AGRO TRADERS" }))).toEqual({ code: "duplicate_customer" });

    const renamed = await updateCustomer(ctxOf(db().db, admin), { customerId: created.id, name: "Agro Traders Pvt", email: "", phone: "" });
    expect(renamed).toMatchObject({ id: created.id, code: "C0001", name: "Agro Traders Pvt", email: null, phone: null });
    // Onto another customer's name (any case): refused, nothing changed.
    expect(await settle(updateCustomer(ctxOf(db().db, admin), { customerId: created.id, name: "shree ram" }))).toEqual({ code: "duplicate_customer" });
    // Its own name in another case is fine.
    expect((await updateCustomer(ctxOf(db().db, admin), { customerId: other.id, name: "Shree RAM" })).name).toBe("Shree RAM");
    expect(await settle(updateCustomer(ctxOf(db().db, admin), { customerId: 999_999, name: "Nobody" }))).toEqual({ code: "unknown_customer" });

    const [updated] = await db()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "customer_updated"), eq(auditLog.entityId, String(created.id))));
    expect(updated).toMatchObject({ entityType: "customer", before: { name: "Agro Traders" }, after: { name: "Agro Traders Pvt" } });
    expect(await db().db.select().from(auditLog).where(eq(auditLog.action, "customer_created"))).toHaveLength(2);
    expect(await settle(createCustomer(ctxOf(db().db, biller), { name: "By Biller" }))).toEqual({ code: "forbidden" });
    expect(await settle(updateCustomer(ctxOf(db().db, biller), { customerId: created.id, name: "X" }))).toEqual({ code: "forbidden" });
  });

  it("lists customers with their bill counts, narrowed by a search", async () => {
    await createBill(ctxOf(db().db, biller), { billNumber: billNumber(), capacity: 1, customer: "Agro Traders" });
    await createBill(ctxOf(db().db, biller), { billNumber: billNumber(), capacity: 1, customer: "agro traders" });
    await createCustomer(ctxOf(db().db, admin), { name: "Shree Ram", phone: "9829012345" });
    const all = await listCustomers(db().db);
    expect(all.map((c) => [c.name, c.billCount])).toEqual([
      ["Agro Traders", 2],
      ["Shree Ram", 0],
    ]);
    expect((await listCustomers(db().db, { q: "98290" })).map((c) => c.name)).toEqual(["Shree Ram"]);
    expect((await listCustomers(db().db, { q: "c0001" })).map((c) => c.name)).toEqual(["Agro Traders"]);
  });
});
