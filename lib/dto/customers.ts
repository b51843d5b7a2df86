import type { CustomerAccountStatus } from "../schemas/customers";
import type { AuditRow } from "./audit";
import type { Notice } from "./account";

// The admin side of customers and customer accounts (DESIGN.md §8), and the bill form's type-ahead.

/** One suggestion of the customer type-ahead (GET /api/customers?q=). */
export interface CustomerPick {
  code: string;
  name: string;
}

/** A customer as the admin customer list shows it. */
export interface CustomerListItem {
  id: number;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  billCount: number;
}

/** A customer as a create or update verb returns it. */
export interface CustomerSaved {
  id: number;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
}

/** A customer account as the admin list shows it: never a hash, never a token. */
export interface CustomerAccountListItem {
  id: string;
  email: string;
  name: string | null;
  allCustomers: boolean;
  /** The linked customers' names (empty for an "All customers" account). */
  customers: string[];
  status: Exclude<CustomerAccountStatus, "all">;
  lastLoginAt: Date | null;
  activeSessions: number;
}

/** One live session of a customer account: its id is a hash of the token. */
export interface CustomerSessionItem {
  id: string;
  ip: string | null;
  browser: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface CustomerAccountDetail extends CustomerAccountListItem {
  mustChangePassword: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
  /** The linked customers with their codes. */
  linked: CustomerPick[];
  sessions: CustomerSessionItem[];
  /** The newest audit rows about the account. */
  recentAudit: AuditRow[];
}

/** What an account operation answers: a line to read out, and a temporary password shown once. */
export interface CustomerAccountNotice extends Notice {
  temporaryPassword?: string;
}

/** The new-account form's answer: who was created, the temporary password (shown once), the mail. */
export interface NewCustomerAccount extends CustomerAccountNotice {
  id: string;
  email: string;
  temporaryPassword: string;
}

/** What a refused customer-account form carries back, so the form keeps what was typed. */
export interface CustomerAccountEcho {
  values: { email?: string; name?: string; customers?: string[]; allCustomers?: boolean };
}

/** What a refused customer form carries back. */
export interface CustomerEcho {
  values: { name?: string; email?: string; phone?: string };
}
