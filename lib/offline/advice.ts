import type { QueuedScan } from "./queue";

// What a person should do about a queued scan the server refused when it was sent. The server's
// own message says what happened (naming the other parent or bill where the viewer may see it);
// this says what to do next, one sentence per refusal code.

type Scan = Pick<QueuedScan, "kind" | "qr" | "parentQr" | "billNumber">;

const ADVICE: Record<string, (s: Scan) => string> = {
  linked_elsewhere: (s) => `Bag ${s.qr} is in another parent: take it out there first, or set this bag aside.`,
  parent_full: (s) => `${s.parentQr ?? "The parent"} was already full: pack ${s.qr} into the next parent and scan it there.`,
  parent_completed: (s) =>
    `${s.parentQr ?? "The parent"} was finished meanwhile: reopen it at the scan station and scan ${s.qr} again, or pack it into another parent.`,
  wrong_area: (s) => `${s.qr} belongs to another dispatch area: hand the bag to that area, or ask an admin.`,
  wrong_type: (s) => `${s.qr} is registered as the other kind of bag: check the label, and set the bag aside if it is misprinted.`,
  parent_not_found: (s) => `${s.parentQr ?? s.qr} is not registered: scan the parent at the packing station first, then scan this bag again.`,
  area_required: (s) => `Choose the station's dispatch area, then scan ${s.qr} again.`,
  no_area: () => "Your account has no dispatch area: ask an admin to set one, then scan the bags again.",
  bill_completed: (s) => `Bill ${s.billNumber ?? ""} was completed meanwhile: reopen the bill to add ${s.qr}, or load it on another bill.`,
  bill_full: (s) => `Bill ${s.billNumber ?? ""} is full: raise its capacity to add ${s.qr}, or load it on another bill.`,
  bill_not_found: (s) => `Bill ${s.billNumber ?? ""} no longer exists: ask a biller which bill ${s.qr} belongs on.`,
  on_other_bill: (s) => `${s.qr} is on another bill: remove it there first if it belongs on bill ${s.billNumber ?? "this one"}, or leave it off this one.`,
  parent_on_return: (s) => `${s.qr} is held on an open return ticket: finalize or cancel that ticket first, then scan it again.`,
  invalid_qr: (s) => `The label ${s.qr} could not be read as a bag label: scan it again, or type the number printed on it.`,
  invalid_input: (s) => `The scan of ${s.qr} could not be read: scan the bag again.`,
  idempotency_key_reused: (s) => `This scan's key was already used for another scan: scan ${s.qr} again.`,
};

/** What to do about a refusal; a code without its own advice gets a general one. */
export function adviceFor(code: string, scan: Scan): string {
  const advise = ADVICE[code];
  if (advise) return advise(scan);
  return `Check bag ${scan.qr} and scan it again if it should still be packed.`;
}

/** "1234567 → SB12345", "SB12345 (new parent)", "SB12345 → bill B-1": what the scan was. */
export function describeQueuedScan(s: Scan): string {
  if (s.kind === "child") return `${s.qr} → ${s.parentQr ?? "?"}`;
  if (s.kind === "bill_parent") return `${s.qr} → bill ${s.billNumber ?? "?"}`;
  return `parent ${s.qr}`;
}
