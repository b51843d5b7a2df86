import type { PublicLoadState } from "../status-link";

// A bill's public status link (issue 18): what anyone holding the link may see, and nothing more.
// No names (staff, customer, driver), no vehicle, no internal ids: adding a field here publishes it.

/** GET /api/status/[token] answers `{status}` with this; the public page shows the same. */
export interface PublicBillStatus {
  billNumber: string;
  /** The load has left through the gate. */
  dispatched: boolean;
  /** When it left (its admitted gate pass's use), null until then. */
  dispatchedAt: Date | null;
  state: PublicLoadState;
  /** Parent bags on the bill. */
  parents: number;
  /** Actual weight: 1 kg per child bag in those parents. */
  weightKg: number;
  /** When these facts were read. */
  asOf: Date;
  /** When the link stops working. */
  expiresAt: Date;
}

/** The error codes of the public status link (JSON `error.code`). */
export type StatusLinkErrorCode = "invalid_link" | "expired_link" | "not_found" | "rate_limited";

/** What looking a link up gives: the facts, or why not (expected outcomes, not exceptions). */
export type StatusLookup =
  | { ok: true; status: PublicBillStatus }
  | { ok: false; code: "invalid_link" | "not_found" }
  | { ok: false; code: "expired_link"; expiredAt: Date }
  | { ok: false; code: "rate_limited"; retryAfterS: number };

/** A freshly made link, as staff pages show and print it. */
export interface StatusLink {
  url: string;
  expiresAt: Date;
}

/** A link with its QR code as an SVG data: URL (for an <img> on the printed sheet and pass). */
export interface PrintedStatusLink extends StatusLink {
  qrImage: string;
}
