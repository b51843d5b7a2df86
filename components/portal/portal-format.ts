import type { PortalBillRow, PortalColumn } from "@/lib/dto/portal";
import { formatDateTime, formatDecimal } from "@/lib/format";
import type { Locale } from "@/lib/preferences";

/** Columns that hold numbers: right-aligned, tabular figures. */
export const NUMERIC_COLUMNS: ReadonlySet<PortalColumn> = new Set<PortalColumn>(["parentCount", "childCount", "expectedWeightKg", "actualWeightKg"]);

/** A bill's link inside the portal, carrying an admin's "view as". */
export function portalBillHref(billNumber: string, as?: string | null): string {
  return `/portal/bills/${encodeURIComponent(billNumber)}${as ? `?as=${encodeURIComponent(as)}` : ""}`;
}

/** The text of one cell in the reader's number and date style (the bill and status cells are rendered as a link and a badge). */
export function cellText(row: PortalBillRow, column: PortalColumn, locale: Locale): string {
  switch (column) {
    case "billNumber":
      return row.billNumber;
    case "createdAt":
      return formatDateTime(row.createdAt, locale);
    case "customer":
      return row.customerName ?? "—";
    case "status":
      return row.status;
    case "parentCount":
    case "childCount":
    case "expectedWeightKg":
    case "actualWeightKg":
      return formatDecimal(row[column], locale);
    case "vehicleNumber":
      return row.vehicleNumber ?? "—";
    case "gatePassAt":
      return row.gatePassAt ? formatDateTime(row.gatePassAt, locale) : "—";
  }
}
