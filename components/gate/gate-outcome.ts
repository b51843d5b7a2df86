import type { FeedbackState } from "@/lib/station";
import { formatIstDateTime } from "@/lib/time";

// What the gate station shows for one answer of POST /api/gate/scan: a word for the guard (never
// colour alone), the station's colour/tone family, and the facts to compare with the truck.
// Pure, so the mapping from every status and error code is unit-tested.

export type GateVerdict = "admitted" | "already_used" | "invalid" | "not_yet_valid" | "expired" | "revoked" | "not_checked";

/** The pass as the JSON answer carries it (dates as ISO text). */
export interface GatePassView {
  code: string;
  vehicleNumber: string;
  driverName: string;
  driverPhone: string;
  coDriverName: string | null;
  coDriverPhone: string | null;
  validFrom: string;
  validUntil: string;
  usedAt: string | null;
  usedBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  notes: string | null;
  bill: { billNumber: string; customer: string | null; linkedCount: number; capacity: number; actualWeightKg: number; expectedWeightKg: number };
}

export interface GateOutcome {
  verdict: GateVerdict;
  /** The big word: ADMITTED, ALREADY USED, … */
  title: string;
  /** What the guard does now. */
  instruction: string;
  /** The answer's own sentence (why). */
  message: string;
  pass: GatePassView | null;
  /** Which colour, flash and tone the shared station uses. */
  tone: Exclude<FeedbackState, "idle">;
  /** Extra lines: when and by whom, the window, the reason. */
  facts: { label: string; value: string }[];
}

export const GATE_TITLES: Record<GateVerdict, string> = {
  admitted: "ADMITTED",
  already_used: "ALREADY USED",
  invalid: "INVALID OR TAMPERED",
  not_yet_valid: "NOT YET VALID",
  expired: "EXPIRED",
  revoked: "REVOKED",
  not_checked: "NOT CHECKED",
};

const TONES: Record<GateVerdict, GateOutcome["tone"]> = {
  admitted: "complete",
  already_used: "error",
  invalid: "error",
  not_yet_valid: "duplicate",
  expired: "duplicate",
  revoked: "error",
  not_checked: "error",
};

const INSTRUCTIONS: Record<GateVerdict, string> = {
  admitted: "Check the vehicle number and driver against the truck, then let it out.",
  already_used: "Do not let the truck out on this pass. Call the office.",
  invalid: "Do not let the truck out. Call the office.",
  not_yet_valid: "Not yet: the truck may leave only inside the pass's window.",
  expired: "Do not let the truck out. The office must issue a new pass.",
  revoked: "Do not let the truck out. Call the office.",
  not_checked: "The pass was not checked. Scan it again.",
};

const ist = (iso: string | null | undefined) => (iso ? `${formatIstDateTime(iso)} IST` : "—");

function windowFact(pass: GatePassView | null, error: Record<string, unknown>): { label: string; value: string } {
  const from = typeof error.validFrom === "string" ? error.validFrom : pass?.validFrom;
  const until = typeof error.validUntil === "string" ? error.validUntil : pass?.validUntil;
  return { label: "Valid", value: `${ist(from)} → ${ist(until)}` };
}

function outcome(verdict: GateVerdict, message: string, pass: GatePassView | null, facts: GateOutcome["facts"] = []): GateOutcome {
  return { verdict, title: GATE_TITLES[verdict], instruction: INSTRUCTIONS[verdict], message, pass, tone: TONES[verdict], facts };
}

/** Maps one HTTP answer (status and parsed JSON body, null if none) to what the station shows. */
export function gateOutcomeOf(status: number, body: unknown): GateOutcome {
  const b = (body ?? {}) as { result?: string; pass?: GatePassView; error?: Record<string, unknown> };
  if (status === 200 && b.result === "admitted" && b.pass) {
    return outcome("admitted", `Pass ${b.pass.code} is valid. Bill ${b.pass.bill.billNumber} is now dispatched.`, b.pass);
  }
  const error = b.error ?? {};
  const code = typeof error.code === "string" ? error.code : "";
  const message = typeof error.message === "string" ? error.message : `The gate could not check the pass (HTTP ${status}).`;
  const pass = (error.pass as GatePassView | undefined) ?? null;
  switch (code) {
    case "already_used": {
      const usedAt = typeof error.usedAt === "string" ? error.usedAt : pass?.usedAt;
      const usedBy = typeof error.usedBy === "string" ? error.usedBy : pass?.usedBy;
      return outcome("already_used", message, pass, [
        { label: "Used at", value: ist(usedAt) },
        { label: "Scanned by", value: usedBy ?? "unknown" },
      ]);
    }
    case "revoked": {
      const reason = typeof error.reason === "string" ? error.reason : pass?.revokeReason;
      return outcome("revoked", message, pass, [
        { label: "Reason", value: reason ?? "—" },
        ...(pass?.revokedBy ? [{ label: "Revoked by", value: `${pass.revokedBy}${pass.revokedAt ? `, ${ist(pass.revokedAt)}` : ""}` }] : []),
      ]);
    }
    case "outside_window":
      return outcome(error.window === "not_yet_valid" ? "not_yet_valid" : "expired", message, pass, [windowFact(pass, error)]);
    case "invalid_pass":
      return outcome("invalid", message, null);
    default:
      // 429, a bill the office reopened, a dropped connection, a sign-in that ran out: not a verdict on the pass.
      return outcome("not_checked", message, pass);
  }
}

/** A request that never got an answer (offline, server down). */
export function unreachableOutcome(): GateOutcome {
  return outcome("not_checked", "No answer from the server. Check the network and scan again.", null);
}

export const formatWeightKg = (kg: number) => `${Math.round(kg * 10) / 10} kg`;
