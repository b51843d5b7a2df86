import { z } from "zod";
import { withDateOrder } from "./keyset";
import { text, textFilter } from "./text";
import { DISPATCH_AREAS } from "../domain";
import { istDayBounds } from "../time";

// GET /api/exports/<what>.<format> (DESIGN.md §6b): which datasets, which formats, and the filters
// of the two datasets that have no list page of their own (links, scans). Bags, bills and audit
// take their list page's filters, so an export is exactly "the current filters".

export const EXPORT_DATASETS = ["bags", "links", "scans", "bills", "audit"] as const;
export type ExportWhat = (typeof EXPORT_DATASETS)[number];
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_LABELS: Record<ExportWhat, string> = {
  bags: "Bags",
  links: "Links (parent ← child)",
  scans: "Scans",
  bills: "Bills with their parents",
  audit: "Audit log",
};

const FILE = /^(bags|links|scans|bills|audit)\.(csv|xlsx)$/;

/** "bags.csv" → {what, format}; anything else (another name, case, extension) → null. */
export function parseExportFile(file: string): { what: ExportWhat; format: ExportFormat } | null {
  const m = FILE.exec(file);
  return m ? { what: m[1] as ExportWhat, format: m[2] as ExportFormat } : null;
}

/** The download's URL for a dataset, format and filters (blank ones left out). */
export function exportHref(what: ExportWhat, format: ExportFormat, filters: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if ((typeof v === "string" && v) || typeof v === "number") params.set(k, String(v));
  const query = params.toString();
  return `/api/exports/${what}.${format}${query ? `?${query}` : ""}`;
}

const day = (label: string) =>
  text(label)
    .refine((s) => istDayBounds(s) !== null, `${label}: use a date like 2025-03-31.`)
    .optional();

/** Links: when linked (IST days), the parent's dispatch area, who linked. */
export const LinkExportFilters = withDateOrder(
  z.object({
    from: day("From"),
    to: day("To"),
    area: z.enum(DISPATCH_AREAS, { error: "Area is not a dispatch area." }).optional(),
    user: textFilter("User", 64),
  }),
);
export type LinkExportFilters = z.output<typeof LinkExportFilters>;

/** Scans: when (IST days), who, the station's dispatch area. */
export const ScanExportFilters = LinkExportFilters;
export type ScanExportFilters = LinkExportFilters;
