import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bags, billBags, bills, links, scans, users } from "@/db/schema";
import { systemContext } from "../service";
import { insertCustomerAccount } from "../customers/accounts";
import { customerIdFor } from "../customers/resolve";
import { createUser } from "../users/mutations";

// Demo-only credentials, written in the README; never use SEED_DEMO in production.
export const DEMO_USERS = [
  { username: "biller", password: "demo-biller-pass", role: "biller" },
  { username: "dispatcher", password: "demo-dispatch-pass", role: "dispatcher", dispatchArea: "lucknow" },
  // The guard at the gate: /gate and pass details only.
  { username: "gate", password: "demo-gate-pass", role: "gate" },
] as const;

/** A dealer's portal account (DESIGN.md §8): signs in with its e-mail and sees Demo Traders' bills. */
export const DEMO_CUSTOMER = { email: "dealer@demo.example", password: "demo-customer-pass", customer: "Demo Traders" } as const;

/** Idempotent: creates the demo users, a few bags and a bill once. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const [already] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, "dispatcher"))
    .limit(1);
  if (already) return { created: false };
  for (const u of DEMO_USERS) await createUser(systemContext(db), u);
  const [dispatcher] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, "dispatcher"));
  const by = dispatcher?.id ?? null;

  await db.transaction(async (tx) => {
    // SB00001: 3 of 30 children; M444-00001: full (15/15) and on bill DEMO-001; SB00002: empty.
    const [sb1, m1] = await tx
      .insert(bags)
      .values([
        { qr: "SB00001", type: "parent", capacity: 30, childCount: 3, status: "in_progress", dispatchArea: "lucknow", createdBy: by },
        { qr: "M444-00001", type: "parent", capacity: 15, childCount: 15, status: "completed", dispatchArea: "lucknow", createdBy: by },
        { qr: "SB00002", type: "parent", capacity: 30, dispatchArea: "lucknow", createdBy: by },
      ])
      .returning({ id: bags.id });
    if (!sb1 || !m1) throw new Error("demo parents not created");
    const childQrs = Array.from({ length: 18 }, (_, i) => String(1000001 + i).padStart(7, "0"));
    const children = await tx
      .insert(bags)
      .values(childQrs.map((qr) => ({ qr, type: "child" as const, dispatchArea: "lucknow" as const, createdBy: by })))
      .returning({ id: bags.id });
    const pairs = children.map((c, i) => ({ parentBagId: i < 3 ? sb1.id : m1.id, childBagId: c.id, createdBy: by }));
    await tx.insert(links).values(pairs);
    await tx.insert(scans).values(
      pairs.map((p, i) => ({
        userId: by,
        action: "child" as const,
        result: "linked",
        qr: childQrs[i],
        parentBagId: p.parentBagId,
        childBagId: p.childBagId,
        dispatchArea: "lucknow" as const,
      })),
    );
    const customer = await customerIdFor(tx, "Demo Traders");
    const [bill] = await tx
      .insert(bills)
      .values({ billNumber: "DEMO-001", capacity: 2, status: "processing", linkedCount: 1, customerId: customer.id, vehicleNumber: "UP32 AB 1234" })
      .returning({ id: bills.id });
    if (!bill) throw new Error("demo bill not created");
    await tx.insert(billBags).values({ billId: bill.id, bagId: m1.id });
  });
  await insertCustomerAccount(
    systemContext(db),
    { email: DEMO_CUSTOMER.email, name: "Demo Traders (dealer)", customers: [DEMO_CUSTOMER.customer] },
    DEMO_CUSTOMER.password,
    { mustChangePassword: false },
  );
  return { created: true };
}
