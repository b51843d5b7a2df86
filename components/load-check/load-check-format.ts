import type { LoadCheckCounts, LoadCheckSummary } from "@/lib/dto/load-check";
import { billHref } from "@/lib/routes";
import { formatIstDateTime } from "@/lib/time";

// Words, colours and icons of a load check, shared by the live page, the report, the bill page
// and the dispatch sheet. Every kind has a word and an icon as well as a colour.

export type CheckKind = "matched" | "missing" | "extra" | "other_bill";

export const CHECK_KIND_STYLE: Record<CheckKind, { label: string; icon: string; panel: string; badge: string; text: string }> = {
  matched: { label: "Matched", icon: "✓", panel: "border-green-600 bg-green-50", badge: "bg-green-100 text-green-900", text: "text-green-900" },
  missing: { label: "Missing", icon: "?", panel: "border-amber-500 bg-amber-50", badge: "bg-amber-100 text-amber-950", text: "text-amber-950" },
  extra: { label: "Extra", icon: "+", panel: "border-red-600 bg-red-50", badge: "bg-red-100 text-red-900", text: "text-red-900" },
  other_bill: { label: "On another bill", icon: "⇄", panel: "border-violet-600 bg-violet-50", badge: "bg-violet-100 text-violet-900", text: "text-violet-900" },
};

/** The check page of a bill, and one saved report of it. */
export function loadCheckHref(billNumber: string, id?: number): string {
  return `${billHref(billNumber)}/check${id === undefined ? "" : `/${id}`}`;
}

/** "29/30 matched, 1 missing, 1 extra, 1 on another bill" (zero extras and others left out). */
export function loadCheckCountsText(c: LoadCheckCounts): string {
  const parts = [`${c.matched}/${c.expected} matched`, `${c.missing} missing`];
  if (c.extra > 0) parts.push(`${c.extra} extra`);
  if (c.otherBill > 0) parts.push(`${c.otherBill} on another bill`);
  return parts.join(", ");
}

/** "Checked 12 Mar 2025, 14:02 IST by biller — 29/30 matched, 1 missing, 1 extra". */
export function loadCheckSummaryText(c: LoadCheckSummary): string {
  return `Checked ${formatIstDateTime(c.createdAt)} IST${c.checkedBy ? ` by ${c.checkedBy}` : ""} — ${loadCheckCountsText(c)}`;
}

/** Whether the truck holds exactly the bill: everything matched, nothing extra. */
export function loadCheckClean(c: LoadCheckCounts): boolean {
  return c.missing === 0 && c.extra === 0 && c.otherBill === 0;
}
