import type { Role } from "./domain";

/** Every action a guard or a piece of UI may ask about. */
export const ACTIONS = [
  "dashboard:view",
  "scan:pack",
  "scan:undo_own",
  "scan:undo_any",
  "bags:view_own_area",
  "bags:view_all_areas",
  "bills:view",
  "bills:manage",
  "bills:delete",
  "users:manage",
  "audit:view",
  "sessions:manage",
  "health:view",
  "data:import_export",
  "settings:manage",
  "promotion:request",
  "promotion:decide",
  // Gate passes (DESIGN.md §8): reading a pass, issuing/revoking/printing one, scanning at the gate.
  "passes:view",
  "passes:manage",
  "gate:scan",
  // Customer portal (DESIGN.md §8, seed 003): reading the portal (a customer its own scope, an admin
  // all or "view as"), running customers and customer accounts, and the usage analytics.
  "portal:view",
  "customers:manage",
  "analytics:view",
  // The bill form's customer type-ahead (billers may create a customer inline).
  "customers:pick",
  // Return tickets (IPT) and the end-of-day summary (DESIGN.md §3, §6b): billers and admins.
  "returns:manage",
  "reports:eod",
  // Mailing the end-of-day summary now, to every admin and biller ("Send now"): admins.
  "reports:eod_send",
  // Deleting a bag (admin; its parent's and bill's counters drop in the same transaction).
  "bags:delete",
  // API tokens for integrations and scanners (admin with 2FA; DESIGN.md §6b).
  "tokens:manage",
  // Reserving label numbers and printing their PDFs (billers and admins; issue 18).
  "labels:reserve",
  // The load check at the truck: re-scanning a bill's parents and saving the report (billers and admins).
  "bills:check",
] as const;
export type Action = (typeof ACTIONS)[number];

const DISPATCHER: readonly Action[] = [
  "dashboard:view",
  "scan:pack",
  "scan:undo_own",
  "bags:view_own_area",
  "promotion:request",
];
const BILLER: readonly Action[] = [
  ...DISPATCHER,
  "bags:view_all_areas",
  "bills:view",
  "bills:manage",
  "passes:view",
  "passes:manage",
  "customers:pick",
  "returns:manage",
  "reports:eod",
  "labels:reserve",
  "bills:check",
];
// The guard at the gate: the gate station and the passes it scans, nothing else (DESIGN.md §2).
const GATE: readonly Action[] = ["gate:scan", "passes:view"];
// A dealer: its own bills in the portal, nothing of the floor (DESIGN.md §2).
const CUSTOMER: readonly Action[] = ["portal:view"];
const ADMIN: readonly Action[] = ACTIONS.filter((a) => a !== "promotion:request");

const MATRIX: Record<Role, ReadonlySet<Action>> = {
  dispatcher: new Set(DISPATCHER),
  biller: new Set(BILLER),
  admin: new Set(ADMIN),
  gate: new Set(GATE),
  customer: new Set(CUSTOMER),
};

/** The one permission matrix; guards and navigation both ask it. */
export function can(role: Role, action: Action): boolean {
  return MATRIX[role].has(action);
}
