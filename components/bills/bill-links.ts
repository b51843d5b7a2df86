import type { BillListFilters } from "@/lib/schemas/bills";

/** Bill numbers may hold "/" and spaces, so the path segment is always encoded. */
export function billHref(billNumber: string, sub?: "print"): string {
  return `/bills/${encodeURIComponent(billNumber)}${sub ? `/${sub}` : ""}`;
}

/** The list's query string for these filters (and a keyset cursor); "" when there are none. */
export function billListQuery(filters: Omit<BillListFilters, "after">, after?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if ((typeof v === "string" && v) || typeof v === "number") params.set(k, String(v));
  }
  if (after) params.set("after", after);
  const s = params.toString();
  return s ? `?${s}` : "";
}
