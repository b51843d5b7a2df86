import type { BillStatus } from "../domain";

/** One bill of the end-of-day summary (reference §2.8 `detailed_bills`). */
export interface EodBill {
  bill_id: string;
  created_by: string | null;
  /** ISO instant. */
  created_at: string;
  status: BillStatus;
  parent_bags: number;
  /** The bill's capacity: the parent bags it is meant to carry. */
  expected_bags: number;
  child_bags: number;
  /** Actual weight: children × 1 kg. */
  weight_kg: number;
  expected_weight_kg: number;
}

/** Return tickets of the day (IST): opened, and closed either way, with the parents returned. */
export interface EodReturns {
  /** Tickets opened that day. */
  tickets: number;
  /** Tickets finalized that day (whenever opened). */
  finalized: number;
  /** Tickets cancelled that day. */
  cancelled: number;
  /** Parents on tickets finalized that day. */
  parents_returned: number;
  /** Their children × 1 kg. */
  weight_kg: number;
}

/**
 * GET /api/reports/eod: the reference §2.8 shape (snake_case, bills created that IST day) plus
 * the expected weight, the day's returns and the gate passes used that day.
 */
export interface EodSummary {
  /** The IST day, YYYY-MM-DD. */
  report_date: string;
  generated_at: string;
  total_bills: number;
  bills_by_status: Record<BillStatus, number>;
  /** Username → bills created ("(deleted user)" for bills whose creator is gone). */
  bills_by_user: Record<string, number>;
  total_parent_bags: number;
  total_child_bags: number;
  total_weight_kg: number;
  total_expected_weight_kg: number;
  detailed_bills: EodBill[];
  returns: EodReturns;
  gate_passes_used: number;
}

/** "Send now": who it went to. */
export interface EodSent {
  report_date: string;
  recipients: number;
  total_bills: number;
}
