import type { BillStatus } from "../domain";

// The customer portal's JSON (DESIGN.md §6b, §8). Times travel as ISO strings; no staff name
// ever appears in a portal DTO (the views it is read from have none).

/** The grid's columns, in their default order; each is also a sort key. */
export const PORTAL_COLUMNS = [
  "billNumber",
  "createdAt",
  "customer",
  "status",
  "parentCount",
  "childCount",
  "expectedWeightKg",
  "actualWeightKg",
  "vehicleNumber",
  "gatePassAt",
] as const;
export type PortalColumn = (typeof PORTAL_COLUMNS)[number];

export const PORTAL_COLUMN_LABELS: Record<PortalColumn, string> = {
  billNumber: "Bill",
  createdAt: "Date",
  customer: "Customer",
  status: "Status",
  parentCount: "Parents",
  childCount: "Children",
  expectedWeightKg: "Expected kg",
  actualWeightKg: "Actual kg",
  vehicleNumber: "Vehicle",
  gatePassAt: "Left gate",
};

export const PORTAL_PAGE_SIZES = [25, 50, 100] as const;
export type PortalPageSize = (typeof PORTAL_PAGE_SIZES)[number];

export interface PortalBillRow {
  billNumber: string;
  /** When the bill was created (ISO). */
  createdAt: string;
  customerName: string | null;
  customerCode: string | null;
  status: BillStatus;
  parentCount: number;
  childCount: number;
  expectedWeightKg: number;
  actualWeightKg: number;
  vehicleNumber: string | null;
  /** When the truck's gate pass was admitted at the gate (ISO), if it was. */
  gatePassAt: string | null;
}

/** GET /api/portal/bills: one page of the filtered, sorted set and the size of that set. */
export interface PortalBillPage {
  rows: PortalBillRow[];
  total: number;
  nextCursor: string | null;
}

/** The cascading filters' choices: each list depends on the choices before it. */
export interface PortalFilterOptions {
  /** The account's customers (every one for an "all" account) with their bill counts. */
  customers: { code: string; name: string; bills: number }[];
  /** Statuses present within the chosen customer, with counts. */
  statuses: { status: BillStatus; bills: number }[];
  /** The IST days of the first and last bill within customer + status (null when none). */
  days: { first: string; last: string } | null;
}

export interface PortalParentRow {
  qr: string;
  childCount: number;
  capacity: number | null;
  status: string;
}

/** /portal/bills/[billNumber]: the bill, its parents and counts; no staff names. */
export interface PortalBillDetail {
  bill: PortalBillRow & { completedAt: string | null; dispatchedAt: string | null };
  parents: PortalParentRow[];
}

/** Who the portal is showing: the account itself, or (admins) every customer or a "view as". */
export interface PortalViewer {
  /** The customer account whose scope this is; null for an admin seeing every customer. */
  account: { id: string; email: string; name: string | null } | null;
  /** An admin's support view of `account` (the page says so). */
  viewingAs: boolean;
  allCustomers: boolean;
}
