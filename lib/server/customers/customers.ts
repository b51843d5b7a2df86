import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bills, customers } from "@/db/schema";
import type { CustomerListItem, CustomerPick, CustomerSaved } from "@/lib/dto/customers";
import { can } from "@/lib/permissions";
import { CustomerInput, CustomerSearch, CustomerUpdate } from "@/lib/schemas/customers";
import { audit } from "../audit";
import { inTransaction } from "../db-errors";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { escapeLike } from "../like";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { customerNameIs } from "./resolve";

// Customers as data (DESIGN.md §8): the type-ahead of the bill form, and the admin's list with
// create and edit. Bills name their customer through customerIdFor (resolve.ts).

export const CUSTOMER_PICK_MAX = 20;
export const CUSTOMER_LIST_MAX = 500;

const duplicateName = (name: string) =>
  new ConflictError("duplicate_customer", `A customer called "${name}" already exists (names are compared ignoring case).`).say({ name }, "admin_duplicate_customer");
const SAVED = { id: customers.id, code: customers.code, name: customers.name, email: customers.email, phone: customers.phone };

/**
 * The type-ahead's answer: at most 20 customers whose name contains `q` (any case), those that
 * start with it first, then by name. No `q`: the first 20 by name.
 */
export async function searchCustomers(ctx: ServiceContext, input: unknown): Promise<CustomerPick[]> {
  if (!can(ctx.actor.role, "customers:pick")) throw new ForbiddenError();
  const { q } = parseInput(CustomerSearch, input);
  const needle = q ? escapeLike(q.toLowerCase()) : null;
  return ctx.db
    .select({ code: customers.code, name: customers.name })
    .from(customers)
    .where(needle ? sql`lower(${customers.name}) like ${`%${needle}%`}` : undefined)
    .orderBy(...(needle ? [sql`lower(${customers.name}) like ${`${needle}%`} desc`] : []), asc(sql`lower(${customers.name})`), asc(customers.id))
    .limit(CUSTOMER_PICK_MAX);
}

/** Every customer (by name, at most 500) with its bill count; `q` narrows by name, code, e-mail or phone. */
export async function listCustomers(db: Db, options: { q?: string } = {}): Promise<CustomerListItem[]> {
  const pattern = options.q ? `%${escapeLike(options.q)}%` : null;
  return db
    .select({
      ...SAVED,
      // Qualified by hand: a one-table select renders its columns without their table.
      billCount: sql<number>`(select count(*)::int from ${bills} b where b.customer_id = "customers"."id")`,
    })
    .from(customers)
    .where(
      pattern
        ? sql`(${customers.name} ilike ${pattern} or ${customers.code} ilike ${pattern} or ${customers.email} ilike ${pattern} or ${customers.phone} ilike ${pattern})`
        : undefined,
    )
    .orderBy(asc(sql`lower(${customers.name})`), asc(customers.id))
    .limit(CUSTOMER_LIST_MAX);
}

function assertManager(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "customers:manage")) throw new ForbiddenError();
}

/** A new customer with its contact details; a name taken in any case is a 409. */
export async function createCustomer(ctx: ServiceContext, input: unknown): Promise<CustomerSaved> {
  assertManager(ctx);
  const customer = parseInput(CustomerInput, input);
  return inTransaction(ctx.db, { customers_name_ci_unique: () => duplicateName(customer.name) }, async (tx) => {
    const [taken] = await tx.select({ id: customers.id }).from(customers).where(customerNameIs(customer.name)).limit(1);
    if (taken) throw duplicateName(customer.name);
    const [row] = await tx
      .insert(customers)
      .values({ name: customer.name, email: customer.email ?? null, phone: customer.phone ?? null })
      .returning(SAVED);
    if (!row) throw new Error("customer insert returned no row");
    await audit(tx, ctx, { action: "customer_created", entityType: "customer", entityId: row.id, after: row });
    return row;
  });
}

/** A customer's new name, e-mail and phone; renaming onto another customer's name (any case) is a 409. */
export async function updateCustomer(ctx: ServiceContext, input: unknown): Promise<CustomerSaved> {
  assertManager(ctx);
  const edit = parseInput(CustomerUpdate, input);
  return inTransaction(ctx.db, { customers_name_ci_unique: () => duplicateName(edit.name) }, async (tx) => {
    const [before] = await tx.select(SAVED).from(customers).where(eq(customers.id, edit.customerId)).for("update").limit(1);
    if (!before) throw new NotFoundError("No such customer.", "unknown_customer").say({}, "admin_unknown_customer");
    const [clash] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(customerNameIs(edit.name), ne(customers.id, edit.customerId)))
      .limit(1);
    if (clash) throw duplicateName(edit.name);
    const [after] = await tx
      .update(customers)
      .set({ name: edit.name, email: edit.email ?? null, phone: edit.phone ?? null, updatedAt: new Date() })
      .where(eq(customers.id, edit.customerId))
      .returning(SAVED);
    if (!after) throw new NotFoundError("No such customer.", "unknown_customer").say({}, "admin_unknown_customer");
    await audit(tx, ctx, { action: "customer_updated", entityType: "customer", entityId: after.id, before, after });
    return after;
  });
}
