import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, userCustomers, users } from "@/db/schema";
import type { CustomerAccountNotice, NewCustomerAccount } from "@/lib/dto/customers";
import { can } from "@/lib/permissions";
import { CustomerAccountInput, CustomerAccountRef, CustomerAccountUpdate, CustomerSessionRef } from "@/lib/schemas/customers";
import { endSession } from "../admin/admin-sessions";
import { audit } from "../audit";
import { applyTemporaryPassword, endSessionsAndResetLinks } from "../auth/password-reset";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { generatePassword, hashPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { mailAccountPassword } from "./account-mail";
import { insertCustomerAccount, linkCustomers } from "./accounts";

// The admin's verbs on customer accounts (DESIGN.md §8). Each checks `customers:manage` itself,
// and touches only users whose role is customer: a staff user's id answers 404, as if unknown.

function assertManager(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "customers:manage")) throw new ForbiddenError();
}

const noSuchAccount = () => new NotFoundError("No such customer account.", "unknown_account").say({}, "admin_unknown_account");

/**
 * What an admin screen words in the reader's language besides the English `message` (the JSON
 * API's): the account's e-mail, and whether its mail went out or how many sessions ended.
 */
export interface AccountFacts {
  email: string;
  mailed?: boolean;
  sessionsEnded?: number;
}

/** The account's row, locked for the rest of the transaction; 404 unless it is a customer account. */
async function lockAccount(tx: Tx, accountId: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, username: users.username, name: users.name, allCustomers: users.allCustomers, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(and(eq(users.id, accountId), eq(users.role, "customer")))
    .for("update")
    .limit(1);
  if (!row) throw noSuchAccount();
  return { ...row, email: row.email ?? row.username };
}

async function linkedNames(tx: Tx, accountId: string): Promise<string[]> {
  const rows = await tx
    .select({ name: customers.name })
    .from(userCustomers)
    .innerJoin(customers, eq(customers.id, userCustomers.customerId))
    .where(eq(userCustomers.userId, accountId))
    .orderBy(asc(sql`lower(${customers.name})`));
  return rows.map((r) => r.name);
}

const mailNote = (mailed: boolean, email: string) =>
  mailed ? `A mail with it went to ${email}.` : `The mail to ${email} could not be sent: hand the password over yourself.`;

/**
 * A new customer account with a random temporary password, which it must change at first
 * sign-in, and a welcome mail with it. The password is answered once, for the admin screen.
 */
export async function createCustomerAccount(ctx: ServiceContext, input: unknown): Promise<NewCustomerAccount & AccountFacts> {
  assertManager(ctx);
  const account = parseInput(CustomerAccountInput, input);
  const temporaryPassword = generatePassword(16);
  const created = await insertCustomerAccount(ctx, account, temporaryPassword, { mustChangePassword: true });
  const mailed = await mailAccountPassword(ctx.db, "welcome", { email: created.email, name: account.name ?? null, temporaryPassword });
  return {
    id: created.id,
    email: created.email,
    temporaryPassword,
    message: `Customer account ${created.email} created. ${mailNote(mailed, created.email)}`,
    mailed,
  };
}

/** Deactivates an account: it can no longer sign in, and every session of it ends at once. */
export async function deactivateCustomerAccount(ctx: ServiceContext, input: unknown): Promise<CustomerAccountNotice & AccountFacts> {
  assertManager(ctx);
  const { accountId } = parseInput(CustomerAccountRef, input);
  return ctx.db.transaction(async (tx) => {
    const account = await lockAccount(tx, accountId);
    if (account.deactivatedAt) throw new ConflictError("already_inactive", `${account.email} is already deactivated.`).say({ email: account.email }, "admin_already_inactive");
    const deactivatedAt = new Date();
    await tx.update(users).set({ deactivatedAt, updatedAt: deactivatedAt }).where(eq(users.id, accountId));
    const sessionsEnded = await endSessionsAndResetLinks(tx, accountId);
    await audit(tx, ctx, {
      action: "customer_account_deactivated",
      entityType: "user",
      entityId: accountId,
      before: { deactivatedAt: null },
      after: { deactivatedAt },
      details: { email: account.email, sessionsEnded },
      critical: true,
    });
    return { message: `${account.email} is deactivated; ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended.`, email: account.email, sessionsEnded };
  });
}

/** Lets a deactivated account sign in again (with the password it had). */
export async function reactivateCustomerAccount(ctx: ServiceContext, input: unknown): Promise<CustomerAccountNotice & AccountFacts> {
  assertManager(ctx);
  const { accountId } = parseInput(CustomerAccountRef, input);
  return ctx.db.transaction(async (tx) => {
    const account = await lockAccount(tx, accountId);
    if (!account.deactivatedAt) throw new ConflictError("already_active", `${account.email} is already active.`).say({ email: account.email }, "admin_already_active");
    await tx.update(users).set({ deactivatedAt: null, failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, accountId));
    await audit(tx, ctx, {
      action: "customer_account_reactivated",
      entityType: "user",
      entityId: accountId,
      before: { deactivatedAt: account.deactivatedAt },
      after: { deactivatedAt: null },
      details: { email: account.email },
      critical: true,
    });
    return { message: `${account.email} is active again.`, email: account.email };
  });
}

/**
 * A new temporary password (to be changed at next sign-in), mailed like the welcome mail and
 * answered once; the old password stops working and every session of the account ends.
 */
export async function resetCustomerAccountPassword(ctx: ServiceContext, input: unknown): Promise<CustomerAccountNotice & AccountFacts & { temporaryPassword: string }> {
  assertManager(ctx);
  const { accountId } = parseInput(CustomerAccountRef, input);
  const temporaryPassword = generatePassword(16);
  const passwordHash = await hashPassword(temporaryPassword);
  const account = await ctx.db.transaction(async (tx) => {
    const row = await lockAccount(tx, accountId);
    const sessionsEnded = await applyTemporaryPassword(tx, accountId, passwordHash);
    await audit(tx, ctx, {
      action: "customer_account_password_reset",
      entityType: "user",
      entityId: accountId,
      details: { email: row.email, sessionsEnded },
      critical: true,
    });
    return row;
  });
  const mailed = await mailAccountPassword(ctx.db, "reset", { email: account.email, name: account.name, temporaryPassword });
  return {
    temporaryPassword,
    message: `New temporary password for ${account.email}; its sessions were ended. ${mailNote(mailed, account.email)}`,
    email: account.email,
    mailed,
  };
}

/** An account's display name and the customers it sees (named ones, created when new, or all). */
export async function updateCustomerAccount(ctx: ServiceContext, input: unknown): Promise<CustomerAccountNotice & AccountFacts> {
  assertManager(ctx);
  const edit = parseInput(CustomerAccountUpdate, input);
  return ctx.db.transaction(async (tx) => {
    const account = await lockAccount(tx, edit.accountId);
    const before = { name: account.name, allCustomers: account.allCustomers, customers: await linkedNames(tx, edit.accountId) };
    await tx.update(users).set({ name: edit.name ?? null, allCustomers: edit.allCustomers, updatedAt: new Date() }).where(eq(users.id, edit.accountId));
    await tx.delete(userCustomers).where(eq(userCustomers.userId, edit.accountId));
    await linkCustomers(tx, edit.accountId, edit.customers);
    const after = { name: edit.name ?? null, allCustomers: edit.allCustomers, customers: await linkedNames(tx, edit.accountId) };
    await audit(tx, ctx, { action: "customer_account_updated", entityType: "user", entityId: edit.accountId, before, after, details: { email: account.email } });
    return { message: `${account.email} is saved.`, email: account.email };
  });
}

/** Ends one session of a customer account (the same verb and audit row as /admin/sessions). */
export async function endCustomerSession(ctx: ServiceContext, input: unknown): Promise<CustomerAccountNotice> {
  assertManager(ctx);
  const { accountId, sessionId } = parseInput(CustomerSessionRef, input);
  await ctx.db.transaction((tx) => lockAccount(tx, accountId));
  await endSession(ctx, { userId: accountId, sessionId });
  return { message: "Session ended." };
}
