import type { BillStatus, DispatchArea } from "../domain";

/** The body of GET /api/stats (DESIGN.md §6). */
export interface StatsDto {
  totalBags: number;
  parentBags: number;
  childBags: number;
  /** Bills have no area: null for roles that cannot see bills (dispatchers). */
  bills: Record<BillStatus, number> | null;
  scansToday: number;
  /**
   * Gate passes (issue 14): null for roles that cannot see passes (dispatchers), or when the
   * database did not answer. Always set by /api/stats; optional so older builders still type.
   */
  passes?: PassCounts | null;
  generatedAt: string;
  /** Present only when Redis did not answer: these are the last numbers known (from `generatedAt`). */
  stale?: true;
}

/** Passes active now (not-yet-valid included) and passes used at the gate today (IST): trucks out. */
export interface PassCounts {
  active: number;
  usedToday: number;
}

/** One scan event of the dashboard's recent activity. */
export interface ActivityRow {
  at: string;
  action: "parent" | "child" | "undo";
  result: string;
  qr: string | null;
  username: string | null;
  dispatchArea: DispatchArea | null;
  undone: boolean;
}

/** GET /api/stats/activity: today's scans per IST hour, the viewer's own count, recent events. */
export interface DashboardActivity {
  scansPerHour: number[];
  myScansToday: number;
  recent: ActivityRow[];
  generatedAt: string;
  /** Present only when Redis did not answer: the counts are the last known (the recent events are current). */
  stale?: true;
}
