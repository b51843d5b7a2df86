import type { BillStatus } from "@/lib/domain";
import { formatDecimal } from "@/lib/format";
import type { Locale } from "@/lib/preferences";

/** English status words, for machine-read output; screens say common.billStatuses.<status>. */
export const BILL_STATUS_LABEL: Record<BillStatus, string> = { new: "New", processing: "Processing", completed: "Completed", dispatched: "Dispatched" };

export const BILL_STATUS_BADGE: Record<BillStatus, string> = {
  new: "bg-slate-100 text-slate-800 ring-slate-300",
  processing: "bg-amber-50 text-amber-900 ring-amber-300",
  completed: "bg-green-700 text-white ring-green-800",
  dispatched: "bg-sky-800 text-white ring-sky-900",
};

/** "1,234.5 kg" (lakh grouping in both languages; kg stays kg). */
export function formatKg(kg: number, locale: Locale = "en"): string {
  return `${formatDecimal(kg, locale)} kg`;
}

/** Signed, with a true minus sign: "+2 kg", "−27 kg", "0 kg". */
export function formatVarianceKg(kg: number, locale: Locale = "en"): string {
  if (kg === 0) return "0 kg";
  return `${kg > 0 ? "+" : "−"}${formatDecimal(Math.abs(kg), locale)} kg`;
}
