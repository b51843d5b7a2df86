import { ENGLISH, type Words } from "../station";
import type { QueuedScan } from "./queue";

// What a person should do about a queued scan the server refused when it was sent. The server's
// own message says what happened (naming the other parent or bill where the viewer may see it);
// this says what to do next, one sentence per refusal code (offline.advice.*), in the reader's
// words (`t`, English by default): the conflict list words it again when it is shown.

type Scan = Pick<QueuedScan, "kind" | "qr" | "parentQr" | "billNumber">;

const ADVISED = new Set([
  "linked_elsewhere",
  "parent_full",
  "parent_completed",
  "wrong_area",
  "wrong_type",
  "parent_not_found",
  "area_required",
  "no_area",
  "bill_completed",
  "bill_full",
  "bill_not_found",
  "on_other_bill",
  "parent_on_return",
  "invalid_qr",
  "invalid_input",
  "idempotency_key_reused",
] as const);
type AdvisedCode = typeof ADVISED extends Set<infer C> ? C : never;
const isAdvised = (code: string): code is AdvisedCode => (ADVISED as Set<string>).has(code);

/** What to do about a refusal; a code without its own advice gets a general one. */
export function adviceFor(code: string, scan: Scan, t: Words = ENGLISH): string {
  const { qr } = scan;
  if (!isAdvised(code)) return t("offline.advice.other", { qr });
  const values = {
    qr,
    // parent_not_found names the parent scanned when there is one, else the label itself.
    parent: scan.parentQr ?? (code === "parent_not_found" ? qr : t("offline.advice.theParent")),
    bill: scan.billNumber ?? (code === "on_other_bill" ? t("offline.advice.thisBill") : ""),
  };
  return t(`offline.advice.${code}`, values);
}

/** "1234567 → SB12345", "SB12345 (new parent)", "SB12345 → bill B-1": what the scan was. */
export function describeQueuedScan(s: Scan, t: Words = ENGLISH): string {
  if (s.kind === "child") return t("offline.describe.child", { qr: s.qr, parent: s.parentQr ?? "?" });
  if (s.kind === "bill_parent") return t("offline.describe.billParent", { qr: s.qr, bill: s.billNumber ?? "?" });
  return t("offline.describe.parent", { qr: s.qr });
}
