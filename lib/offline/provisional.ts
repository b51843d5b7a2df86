import { ENGLISH, type Words } from "../station";

// The station's honest answer to a scan it could only queue: what it checked itself (the label's
// format, done before this), and the count of what it knows — the server's last count plus the
// scans still waiting — said as "about", and never as confirmed. Worded with the reader's `t`
// (offline.provisional.*; English by default).

export const NOT_CONFIRMED = "(not yet confirmed)";

export interface Estimate {
  /** The last count the server gave plus what waits in the queue (this scan included). */
  count: number;
  capacity: number;
  /** The server's count for this parent or bill was known (else counting starts at 0 here). */
  known: boolean;
}

/** The count a queued scan would make: `base` from the server (null: unknown) plus `waiting`. */
export function estimate(base: number | null, capacity: number, waiting: number): Estimate {
  return { count: (base ?? 0) + waiting, capacity, known: base !== null };
}

/** A child queued offline into `parentQr`. */
export function queuedChildMessage(childQr: string, parentQr: string, e: Estimate, t: Words = ENGLISH): { message: string; warning: boolean } {
  const values = { child: childQr, parent: parentQr, count: e.count, capacity: e.capacity };
  if (e.count > e.capacity) return { message: t("offline.provisional.childOver", values), warning: true };
  if (e.count === e.capacity) return { message: t("offline.provisional.childFull", values), warning: false };
  return { message: t("offline.provisional.child", values), warning: false };
}

/** The same child scanned again while its first scan still waits. */
export function alreadyQueuedChildMessage(childQr: string, parentQr: string, t: Words = ENGLISH): string {
  return t("offline.provisional.childAgain", { child: childQr, parent: parentQr });
}

/** A parent accepted provisionally while offline (or resumed from memory without the server). */
export function queuedParentMessage(parentQr: string, e: Estimate, options: { resumed?: boolean } = {}, t: Words = ENGLISH): string {
  const values = { parent: parentQr, count: e.count, capacity: e.capacity };
  if (options.resumed) return t(e.known ? "offline.provisional.parentResumedCount" : "offline.provisional.parentResumed", values);
  return t(e.known ? "offline.provisional.parentCount" : "offline.provisional.parent", values);
}

/** A parent queued offline onto bill `billNumber`. */
export function queuedBillParentMessage(
  parentQr: string,
  billNumber: string,
  e: Estimate,
  alreadyOnBill: boolean,
  t: Words = ENGLISH,
): { message: string; warning: boolean } {
  const values = { parent: parentQr, bill: billNumber, count: e.count, capacity: e.capacity };
  if (alreadyOnBill) return { message: t("offline.provisional.billAlready", values), warning: false };
  if (e.count > e.capacity) return { message: t("offline.provisional.billOver", values), warning: true };
  return { message: t("offline.provisional.bill", values), warning: false };
}

export function alreadyQueuedBillParentMessage(parentQr: string, billNumber: string, t: Words = ENGLISH): string {
  return t("offline.provisional.billAgain", { parent: parentQr, bill: billNumber });
}

/** Station changes that cannot wait in a queue (undo, remove, finish, reopen, complete); `what` in the reader's words. */
export function needsNetworkMessage(what: string, waiting: number, t: Words = ENGLISH): string {
  if (waiting > 0) return t("offline.provisional.mustWait", { what, count: waiting });
  return t("offline.provisional.needsNetwork", { what });
}

/** The device refused to keep a queued scan (storage full or refused). */
export function notKeptMessage(qr: string, t: Words = ENGLISH): string {
  return t("offline.provisional.notKept", { qr });
}
