import type { PassState, PassStatus } from "./domain";

// Pure gate-pass rules shared by the schemas, the verbs and the pages (DESIGN.md §8, seed 002).

/** Hours a pass is valid by default, and at most. */
export const PASS_DEFAULT_HOURS = 12;
export const PASS_MAX_HOURS = 48;

/** "rj-14 gb 1234" → "RJ14GB1234": uppercase, no spaces, dashes or dots. */
export function normalizeVehicleNumber(raw: string): string {
  return raw.toUpperCase().replace(/[\s.\-_/]+/g, "");
}

// State (2 letters), RTO district (1–2 digits), series (0–3 letters), number (4 digits); or the
// Bharat series "22BH1234AB".
const VEHICLE_RE = /^(?:[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{4}|[0-9]{2}BH[0-9]{4}[A-Z]{1,2})$/;

export function isVehicleNumber(normalized: string): boolean {
  return VEHICLE_RE.test(normalized);
}

/** "+91 98290-12345" / "09829012345" → "9829012345"; null when it is not a 10-digit Indian number. */
export function normalizeIndianPhone(raw: string): string | null {
  const digits = raw.replace(/[\s\-()]/g, "");
  const m = /^(?:\+91|0091|91|0)?([0-9]{10})$/.exec(digits);
  return m ? (m[1] as string) : null;
}

export interface PassClock {
  state: PassState;
  usedAt: Date | null;
  validFrom: Date;
  validUntil: Date;
}

/** What a pass is now: revoked and used win over the clock; then the window decides. */
export function passStatusOf(pass: PassClock, now: Date): PassStatus {
  if (pass.state === "revoked") return "revoked";
  if (pass.usedAt) return "used";
  if (pass.state === "expired" || now.getTime() > pass.validUntil.getTime()) return "expired";
  if (now.getTime() < pass.validFrom.getTime()) return "not_yet_valid";
  return "active";
}

export const PASS_STATUS_LABELS: Record<PassStatus, string> = {
  active: "Active",
  not_yet_valid: "Not yet valid",
  used: "Used",
  expired: "Expired",
  revoked: "Revoked",
};
