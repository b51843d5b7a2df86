import { z } from "zod";
import { blankToUndefined, phone } from "./passes";
import { text, textFilter } from "./text";

// Customers (DESIGN.md §8) and the accounts of the people who sign in for them.

export const CUSTOMER_NAME_MAX = 120;

export const CustomerName = text("Customer name", { missing: "Enter the customer's name." })
  .min(1, "Enter the customer's name.")
  .max(CUSTOMER_NAME_MAX, `Customer name must be at most ${CUSTOMER_NAME_MAX} characters.`);

const Email = text("Email", { missing: "Enter an email address." })
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."))
  .transform((s) => s.toLowerCase());

/** A customer's contact details; e-mail and phone are optional ("" = none). */
export const CustomerInput = z.object({
  name: CustomerName,
  email: z.preprocess(blankToUndefined, Email.optional()),
  phone: z.preprocess(blankToUndefined, phone("Phone").optional()),
});
export type CustomerInput = z.output<typeof CustomerInput>;

/** The type-ahead's question: names containing `q` (any case). */
export const CustomerSearch = z.object({ q: textFilter("Search", CUSTOMER_NAME_MAX) });

/**
 * A customer account: its e-mail (also its sign-in name), a display name, and the customers it
 * sees: named ones (created when new) or all of them.
 */
export const CustomerAccountInput = z
  .object({
    email: Email,
    name: z.preprocess(blankToUndefined, text("Name").max(120, "Name must be at most 120 characters.").optional()),
    customers: z.array(CustomerName).max(200, "At most 200 customers per account.").default([]),
    allCustomers: z.boolean().default(false),
  })
  .refine((a) => a.allCustomers || a.customers.length > 0, { path: ["customers"], message: "Link at least one customer, or all customers." })
  .refine((a) => !(a.allCustomers && a.customers.length > 0), { path: ["customers"], message: "An account linked to all customers lists none by name." });
export type CustomerAccountInput = z.output<typeof CustomerAccountInput>;

// The admin side of customers and customer accounts (/admin/customers).

const ref = (what: string) => {
  const gone = `That ${what} no longer exists. Reload the page.`;
  return text(what, { missing: gone }).min(1, gone).max(64, gone);
};

/** One customer account of the admin list, by its user id. */
export const CustomerAccountRef = z.object({ accountId: ref("customer account") });
/** One session of a customer account: its id is a hash of the token, never the token. */
export const CustomerSessionRef = z.object({ accountId: ref("customer account"), sessionId: ref("session") });

/** An account's new name and customers (its e-mail, its sign-in name, does not change here). */
export const CustomerAccountUpdate = z
  .object({
    accountId: ref("customer account"),
    name: z.preprocess(blankToUndefined, text("Name").max(120, "Name must be at most 120 characters.").optional()),
    customers: z.array(CustomerName).max(200, "At most 200 customers per account.").default([]),
    allCustomers: z.boolean().default(false),
  })
  .refine((a) => a.allCustomers || a.customers.length > 0, { path: ["customers"], message: "Link at least one customer, or all customers." })
  .refine((a) => !(a.allCustomers && a.customers.length > 0), { path: ["customers"], message: "An account linked to all customers lists none by name." });
export type CustomerAccountUpdate = z.output<typeof CustomerAccountUpdate>;

export const CUSTOMER_ACCOUNT_STATUSES = ["all", "active", "inactive"] as const;
export type CustomerAccountStatus = (typeof CUSTOMER_ACCOUNT_STATUSES)[number];

/** The admin list's filters (a GET form): a search over e-mail, name and linked customers, and a status. */
export const CustomerAccountListQuery = z.object({
  q: textFilter("Search", 254),
  status: z.preprocess(blankToUndefined, z.enum(CUSTOMER_ACCOUNT_STATUSES, { error: "Status is active, inactive or all." }).default("all")),
});
export type CustomerAccountListQuery = z.output<typeof CustomerAccountListQuery>;

/** One customer (as data) by id. */
export const CustomerRef = z.object({
  customerId: z.coerce.number({ error: "That customer no longer exists. Reload the page." }).int().positive().max(Number.MAX_SAFE_INTEGER),
});
/** A customer's new name and contact details. */
export const CustomerUpdate = CustomerInput.extend(CustomerRef.shape);
export type CustomerUpdate = z.output<typeof CustomerUpdate>;
