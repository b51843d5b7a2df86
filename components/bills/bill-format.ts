import type { BillStatus } from "@/lib/domain";

export const BILL_STATUS_LABEL: Record<BillStatus, string> = { new: "New", processing: "Processing", completed: "Completed", dispatched: "Dispatched" };

export const BILL_STATUS_BADGE: Record<BillStatus, string> = {
  new: "bg-slate-100 text-slate-800 ring-slate-300",
  processing: "bg-amber-50 text-amber-900 ring-amber-300",
  completed: "bg-green-700 text-white ring-green-800",
  dispatched: "bg-sky-800 text-white ring-sky-900",
};

const kgFmt = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 1 });

export function formatKg(kg: number): string {
  return `${kgFmt.format(kg)} kg`;
}

/** Signed, with a true minus sign: "+2 kg", "−27 kg", "0 kg". */
export function formatVarianceKg(kg: number): string {
  if (kg === 0) return "0 kg";
  return `${kg > 0 ? "+" : "−"}${kgFmt.format(Math.abs(kg))} kg`;
}
