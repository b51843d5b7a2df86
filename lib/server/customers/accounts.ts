import "server-only";
import type { Tx } from "@/db/client";
import { userCustomers, users } from "@/db/schema";
import { CustomerAccountInput } from "@/lib/schemas/customers";
import { NewPassword } from "@/lib/schemas/auth";
import { audit } from "../audit";
import { inTransaction } from "../db-errors";
import { ConflictError } from "../errors";
import type { ServiceContext, SystemContext } from "../service";
import { hashPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { customerIdFor } from "./resolve";

export interface CreatedCustomerAccount {
  id: string;
  email: string;
  allCustomers: boolean;
  customers: string[];
}

const ACCOUNT_CONSTRAINTS = {
  users_email_ci_unique: () => new ConflictError("duplicate_account", "An account with this email already exists.").say({}, "admin_duplicate_account"),
  users_username_ci_unique: () => new ConflictError("duplicate_account", "An account with this email already exists.").say({}, "admin_duplicate_account"),
};

/** Links a customer account to the named customers (each matched case-insensitively, created when new). */
export async function linkCustomers(tx: Tx, userId: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const { id } = await customerIdFor(tx, name);
    await tx.insert(userCustomers).values({ userId, customerId: id }).onConflictDoNothing();
  }
}

/**
 * Inserts a customer account (role `customer`; its e-mail is also its username, so it signs in
 * with it) linked to the named customers (created when new) or to all. Audited under whoever
 * creates it: an admin (with a temporary password and a welcome mail), the CLI or the demo seed.
 */
export async function insertCustomerAccount(
  ctx: ServiceContext | SystemContext,
  input: unknown,
  password: string,
  options: { mustChangePassword: boolean },
): Promise<CreatedCustomerAccount> {
  const account = parseInput(CustomerAccountInput, input);
  const passwordHash = await hashPassword(parseInput(NewPassword, password));
  return inTransaction(ctx.db, ACCOUNT_CONSTRAINTS, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: account.email,
        email: account.email,
        name: account.name ?? null,
        passwordHash,
        role: "customer",
        allCustomers: account.allCustomers,
        mustChangePassword: options.mustChangePassword,
      })
      .returning({ id: users.id });
    if (!row) throw new Error("customer account insert returned no row");
    await linkCustomers(tx, row.id, account.customers);
    const created = { id: row.id, email: account.email, allCustomers: account.allCustomers, customers: account.customers };
    await audit(tx, ctx, { action: "customer_account_created", entityType: "user", entityId: row.id, after: created });
    return created;
  });
}
