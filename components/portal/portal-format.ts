import type { PortalBillRow, PortalColumn } from "@/lib/dto/portal";
import { formatIstDateTime } from "@/lib/time";

const numberFmt = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 1 });

/** Columns that hold numbers: right-aligned, tabular figures. */
export const NUMERIC_COLUMNS: ReadonlySet<PortalColumn> = new Set<PortalColumn>(["parentCount", "childCount", "expectedWeightKg", "actualWeightKg"]);

export const formatNumber = (n: number) => numberFmt.format(n);

/** A bill's link inside the portal, carrying an admin's "view as". */
export function portalBillHref(billNumber: string, as?: string | null): string {
  return `/portal/bills/${encodeURIComponent(billNumber)}${as ? `?as=${encodeURIComponent(as)}` : ""}`;
}

/** The text of one cell (the bill and status cells are rendered as a link and a badge). */
export function cellText(row: PortalBillRow, column: PortalColumn): string {
  switch (column) {
    case "billNumber":
      return row.billNumber;
    case "createdAt":
      return formatIstDateTime(row.createdAt);
    case "customer":
      return row.customerName ?? "—";
    case "status":
      return row.status;
    case "parentCount":
    case "childCount":
    case "expectedWeightKg":
    case "actualWeightKg":
      return formatNumber(row[column]);
    case "vehicleNumber":
      return row.vehicleNumber ?? "—";
    case "gatePassAt":
      return row.gatePassAt ? formatIstDateTime(row.gatePassAt) : "—";
  }
}
