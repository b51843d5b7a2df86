// Fixed vocabularies shared by the database schema, validation and UI.
// `customer` is a dealer outside the company: the read-only portal only (DESIGN.md §2, §8).
export const ROLES = ["admin", "biller", "dispatcher", "gate", "customer"] as const;
/** The roles of people who work for the company (everyone but `customer`). */
export const STAFF_ROLES = ["admin", "biller", "dispatcher", "gate"] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const DISPATCH_AREAS = [
  "lucknow",
  "indore",
  "jaipur",
  "hisar",
  "sri_ganganagar",
  "sangaria",
  "bathinda",
  "raipur",
  "ranchi",
  "akola",
] as const;
export type DispatchArea = (typeof DISPATCH_AREAS)[number];

export const BAG_TYPES = ["parent", "child"] as const;
export type BagType = (typeof BAG_TYPES)[number];

export const BAG_STATUSES = ["pending", "in_progress", "completed"] as const;
export type BagStatus = (typeof BAG_STATUSES)[number];

export const BILL_STATUSES = ["new", "processing", "completed", "dispatched"] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/**
 * Bill statuses whose parents are frozen: no child may be scanned into or undone from them
 * (DESIGN.md §3: a completed bill takes no changes until reopened; a dispatched one never again).
 */
export const FROZEN_BILL_STATUSES: ReadonlySet<BillStatus> = new Set<BillStatus>(["completed", "dispatched"]);

/**
 * A gate pass's stored state (DESIGN.md §8, seed 002). `used` is not stored here: a pass is used
 * once `used_at` is set, which is what the gate's once-only UPDATE tests. `expired` is stored only
 * when a replacement pass supersedes an unused one whose window ran out.
 */
export const PASS_STATES = ["active", "revoked", "expired"] as const;
export type PassState = (typeof PASS_STATES)[number];

/** A pass as people read it: the stored state, its use and the clock together. */
export const PASS_STATUSES = ["active", "not_yet_valid", "used", "expired", "revoked"] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

/** A return ticket (IPT, DESIGN.md §3): open while bags are scanned, then finalized or cancelled. */
export const RETURN_TICKET_STATUSES = ["open", "finalized", "cancelled"] as const;
export type ReturnTicketStatus = (typeof RETURN_TICKET_STATUSES)[number];

/** A parent on a return ticket: held (ticket open, off its bill), returned (finalized), restored (cancelled: back on its bill). */
export const RETURN_BAG_STATES = ["held", "returned", "restored"] as const;
export type ReturnBagState = (typeof RETURN_BAG_STATES)[number];

export function isBillFrozen(status: BillStatus): boolean {
  return FROZEN_BILL_STATUSES.has(status);
}

/** "sri_ganganagar" → "Sri Ganganagar" */
export function formatArea(area: string | null | undefined): string {
  if (!area) return "—";
  return area
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

export function formatRole(role: Role): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
