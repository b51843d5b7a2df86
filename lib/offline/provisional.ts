// The station's honest answer to a scan it could only queue: what it checked itself (the label's
// format, done before this), and the count of what it knows — the server's last count plus the
// scans still waiting — said as "about", and never as confirmed.

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

const about = (e: Estimate) => `about ${e.count}/${e.capacity}`;

/** A child queued offline into `parentQr`. */
export function queuedChildMessage(childQr: string, parentQr: string, e: Estimate): { message: string; warning: boolean } {
  const head = `Queued offline — ${childQr} → ${parentQr}, ${about(e)}`;
  if (e.count > e.capacity) {
    return {
      message: `${head}: more than ${parentQr} holds, so it will probably be refused. Set this bag aside or scan the next parent ${NOT_CONFIRMED}.`,
      warning: true,
    };
  }
  if (e.count === e.capacity) return { message: `${head} — ${parentQr} looks full: scan the next parent ${NOT_CONFIRMED}.`, warning: false };
  return { message: `${head} ${NOT_CONFIRMED}.`, warning: false };
}

/** The same child scanned again while its first scan still waits. */
export function alreadyQueuedChildMessage(childQr: string, parentQr: string): string {
  return `${childQr} is already waiting to be sent into ${parentQr} — not queued twice ${NOT_CONFIRMED}.`;
}

/** A parent accepted provisionally while offline (or resumed from memory without the server). */
export function queuedParentMessage(parentQr: string, e: Estimate, options: { resumed?: boolean } = {}): string {
  const count = e.known ? `, ${about(e)}` : "";
  const verb = options.resumed ? "resumed" : "accepted provisionally";
  return `Queued offline — parent ${parentQr} ${verb}${count}; it will be checked when the network returns. Scan its children.`;
}

/** A parent queued offline onto bill `billNumber`. */
export function queuedBillParentMessage(parentQr: string, billNumber: string, e: Estimate, alreadyOnBill: boolean): { message: string; warning: boolean } {
  if (alreadyOnBill) {
    return { message: `Queued offline — ${parentQr} is already on bill ${billNumber} as far as this page knows; the server will check ${NOT_CONFIRMED}.`, warning: false };
  }
  const head = `Queued offline — ${parentQr} → bill ${billNumber}, about ${e.count}/${e.capacity} parent bags`;
  if (e.count > e.capacity) {
    return { message: `${head}: more than the bill holds, so it will probably be refused ${NOT_CONFIRMED}.`, warning: true };
  }
  return { message: `${head} ${NOT_CONFIRMED}.`, warning: false };
}

export function alreadyQueuedBillParentMessage(parentQr: string, billNumber: string): string {
  return `${parentQr} is already waiting to be sent to bill ${billNumber} — not queued twice ${NOT_CONFIRMED}.`;
}

/** Station changes that cannot wait in a queue (undo, remove, finish, reopen, complete). */
export function needsNetworkMessage(what: string, waiting: number): string {
  if (waiting > 0) {
    return `${what} has to wait: ${waiting} scan${waiting === 1 ? " is" : "s are"} still waiting to be sent. Try again once they are sent.`;
  }
  return `${what} needs the network: nothing was changed. Try again when the station is back online.`;
}

/** The device refused to keep a queued scan (storage full or refused). */
export function notKeptMessage(qr: string): string {
  return `${qr}: no network, and this device could not keep the scan (its storage is full or refused). Nothing was saved — scan it again when the network is back.`;
}
