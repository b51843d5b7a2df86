import "server-only";
import { DISPATCH_AREAS, type BagType, type BillStatus, type DispatchArea } from "@/lib/domain";

/** `all`, or one dispatch area: every bag and scan counter exists once per scope. */
export type StatsScope = "all" | `area:${DispatchArea}`;
export const ALL_SCOPES: readonly StatsScope[] = ["all", ...DISPATCH_AREAS.map((a) => `area:${a}` as const)];

/** The scopes a bag or scan of `area` counts in (an area-less parent counts only in `all`). */
export function scopesFor(area: DispatchArea | null): StatsScope[] {
  return area ? ["all", `area:${area}`] : ["all"];
}

// Counter names below are relative: a store puts its prefix in front (`stats:` in the app), so
// the full key reads `stats:<scope>:<name>` as the Redis key convention asks.
export const bagKey = (scope: StatsScope, type: BagType) => `${scope}:${type === "parent" ? "parents" : "children"}`;
export const billKey = (status: BillStatus) => `all:bills_${status}`;
export const scansKey = (scope: StatsScope, day: string) => `${scope}:scans:${day}`;
/** Hash: field = IST hour "0"…"23". */
export const hourlyKey = (scope: StatsScope, day: string) => `${scope}:scans_hourly:${day}`;
/** Hash: field = user id. */
export const userScansKey = (day: string) => `all:user_scans:${day}`;
export const RECONCILE_LOCK_KEY = "reconcile:lock";
export const RECONCILE_LAST_KEY = "reconcile:last";

/** Day-keyed counters outlive their IST day by one, then expire. */
export const DAY_TTL_S = 2 * 86_400;

// Scan events counted as "scans": accepted parent and child scans (duplicates included, they are
// real scans). Undo events and refused scans are history, not scans.
export const COUNTED_SCAN_RESULTS = ["created", "selected", "linked", "duplicate"] as const;

/** The IST hour (0–23) of an instant. India has no daylight saving. */
export function istHour(at: Date): number {
  return new Date(at.getTime() + 330 * 60_000).getUTCHours();
}
