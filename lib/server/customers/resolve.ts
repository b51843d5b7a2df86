import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers } from "@/db/schema";

/** A customer's name as its row's name column compares it (the unique index is on lower(name)). */
export const customerNameIs = (name: string) => eq(sql`lower(${customers.name})`, name.toLowerCase());

/**
 * The id of the customer called `name` (any case), created when new: how a bill form or
 * POST /api/bills names its customer (DESIGN.md §6). Looked up first so a known name burns no
 * code; two transactions creating the same new name meet at the unique index, and the loser
 * reads the winner's row once it commits.
 */
export async function customerIdFor(tx: Tx, name: string): Promise<{ id: number; created: boolean }> {
  const find = async () => (await tx.select({ id: customers.id }).from(customers).where(customerNameIs(name)).limit(1))[0];
  const known = await find();
  if (known) return { id: known.id, created: false };
  const [row] = await tx.insert(customers).values({ name }).onConflictDoNothing().returning({ id: customers.id });
  if (row) return { id: row.id, created: true };
  const raced = await find();
  if (!raced) throw new Error(`customer "${name}" neither inserted nor found`);
  return { id: raced.id, created: false };
}

/** The customer's name as a bill column (a scalar subquery, so a locking read of bills locks no customer row). */
export const billCustomerName = (customerId: unknown) => sql<string | null>`(select ${customers.name} from ${customers} where ${customers.id} = ${customerId})`;
