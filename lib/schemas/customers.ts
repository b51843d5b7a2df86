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
