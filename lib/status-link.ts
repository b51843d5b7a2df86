import type { BillStatus } from "./domain";
import { formatIstDateTime } from "./time";

// Pure rules of a bill's public status link (issue 18) and the English words of its JSON answers;
// the public page and the printed QR captions say them in the reader's language (statusLink messages).

export const PUBLIC_LOAD_STATES = ["being_loaded", "loaded", "dispatched"] as const;
/** A bill's state as the public may see it: plain words, no internal statuses. */
export type PublicLoadState = (typeof PUBLIC_LOAD_STATES)[number];

export function publicLoadStateOf(status: BillStatus): PublicLoadState {
  if (status === "dispatched") return "dispatched";
  return status === "completed" ? "loaded" : "being_loaded";
}

export const PUBLIC_LOAD_STATE_LABEL: Record<PublicLoadState, string> = {
  being_loaded: "Being loaded",
  loaded: "Loaded, waiting at the gate",
  dispatched: "Dispatched",
};

/** The path of a status link (the proxy lets it through without a session). */
export function statusHref(token: string): string {
  return `/status/${encodeURIComponent(token)}`;
}

export const INVALID_LINK_MESSAGE = "This status link is not valid — it may have been mistyped or changed.";
export const GONE_LINK_MESSAGE = "This load's status is no longer available.";

export function expiredLinkMessage(expiredAt: Date | string): string {
  return `This status link expired on ${formatIstDateTime(expiredAt)} IST. Ask the sender for a new one.`;
}
