import { z } from "zod";
import { AuditFilters } from "../../schemas/auth";
import { BagListFilters } from "../../schemas/bags";
import { BillListFilters } from "../../schemas/bills";
import { EXPORT_DATASETS, EXPORT_FORMATS, LinkExportFilters } from "../../schemas/exports";
import { ImportOptions } from "../../schemas/imports";
import { PortalBillQuery, PortalFilters, PortalListQuery, PortalOptionsQuery } from "../../schemas/portal";
import { EodQuery } from "../../schemas/reports";
import * as R from "../answers/admin";
import type { ApiOperation } from "../types";

// The customer portal (DESIGN.md §6b, §8), imports and exports, and the end-of-day report.

const portal = { kind: "permission", permission: "portal:view", allowCustomer: true } as const;
const CSV = "text/csv";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** bags.csv … audit.xlsx: the names GET /api/exports/{file} serves (parseExportFile). */
const EXPORT_FILES = EXPORT_DATASETS.flatMap((what) => EXPORT_FORMATS.map((format) => `${what}.${format}`));
const ExportFile = z.enum(EXPORT_FILES as [string, ...string[]]);
/** Keys the list pages page with; an export (always the whole set) ignores them. */
const PAGING = ["after", "before", "limit"] as const;

export const PORTAL_DATA_OPERATIONS: readonly ApiOperation[] = [
  {
    method: "get",
    path: "/api/portal/bills",
    operationId: "listPortalBills",
    tag: "portal",
    summary: "The portal's bills: filtered, sorted, one page at a time, with the filtered total.",
    description: "A customer account sees its own customers' bills; an admin all of them, or one account's with `as`. A bad value is a 400 naming it.",
    access: portal,
    query: [{ schema: PortalListQuery }],
    success: { status: 200, description: "One page of bills and the filtered total.", schema: R.PortalBillPage },
  },
  {
    method: "get",
    path: "/api/portal/bills/{billNumber}",
    operationId: "getPortalBill",
    tag: "portal",
    summary: "One bill of the portal with its parents.",
    access: portal,
    params: { billNumber: PortalBillQuery.shape.billNumber },
    query: [{ schema: PortalBillQuery }],
    success: { status: 200, description: "The bill and its parents.", schema: R.PortalBillDetail },
    errors: { 404: ["bill_not_found"] },
  },
  {
    method: "get",
    path: "/api/portal/bills/export.csv",
    operationId: "exportPortalBillsCsv",
    tag: "portal",
    summary: "Every bill of the grid's query as CSV, in the grid's order.",
    access: portal,
    query: [{ schema: PortalFilters }],
    success: { status: 200, description: "The CSV, as an attachment.", files: [CSV] },
  },
  {
    method: "get",
    path: "/api/portal/bills/export.xlsx",
    operationId: "exportPortalBillsXlsx",
    tag: "portal",
    summary: "Every bill of the grid's query as XLSX, in the grid's order.",
    access: portal,
    query: [{ schema: PortalFilters }],
    success: { status: 200, description: "The workbook, as an attachment.", files: [XLSX] },
  },
  {
    method: "get",
    path: "/api/portal/options",
    operationId: "getPortalFilterOptions",
    tag: "portal",
    summary: "The cascading filters' choices after the ones already picked.",
    access: portal,
    query: [{ schema: PortalOptionsQuery }],
    success: { status: 200, description: "Customers, statuses and the day range.", schema: R.PortalFilterOptions },
  },
  {
    method: "post",
    path: "/api/imports",
    operationId: "importFile",
    tag: "data",
    summary: "Import bags, bills or label batches from a CSV or XLSX file (a dry run by default).",
    description:
      "Columns by name, any case or order: bags parent_qr, child_qr, area; bills bill_number, capacity, customer, vehicle, parent_qr (one row per parent). A real run with any failed row imports nothing: 409 import_rejected, with the result's rows beside the error.",
    access: { kind: "permission", permission: "data:import_export" },
    body: { kind: "multipart", schema: ImportOptions, fileField: "file", omit: ["fileName"] },
    success: { status: 200, description: "The verdict per row, and what was (or would be) created.", schema: R.ImportResult },
    errors: { 400: ["empty_file", "invalid_form"], 409: ["import_rejected", "import_conflict"], 413: ["file_too_large"] },
  },
  {
    method: "get",
    path: "/api/imports/jobs/{id}",
    operationId: "getImportJob",
    tag: "data",
    summary: "The progress of an import the caller started (pass its jobId).",
    access: { kind: "permission", permission: "data:import_export" },
    params: { id: z.string() },
    success: { status: 200, description: "The job's phase and counts.", schema: R.ImportJobEnvelope },
    errors: { 404: ["job_not_found"] },
  },
  {
    method: "get",
    path: "/api/exports/{file}",
    operationId: "exportDataset",
    tag: "data",
    summary: "A whole dataset as a streamed CSV or XLSX file, with its list page's filters.",
    description:
      "bags, links, scans and audit need data:import_export (admins); bills.csv and bills.xlsx need bills:view (billers too). A filter value the list page would drop is a 400 here: an export never holds more than was asked for.",
    access: { kind: "permission", permission: "data:import_export" },
    params: { file: ExportFile },
    query: [
      { schema: BagListFilters, note: "bags", omit: PAGING },
      { schema: LinkExportFilters, note: "links, scans" },
      { schema: BillListFilters, note: "bills", omit: PAGING },
      { schema: AuditFilters, note: "audit", omit: PAGING },
    ],
    success: { status: 200, description: "The file, as an attachment.", files: [CSV, XLSX] },
    errors: { 404: ["not_found"] },
  },
  {
    method: "get",
    path: "/api/reports/eod",
    operationId: "getEndOfDaySummary",
    tag: "reports",
    summary: "The end-of-day summary of an IST day (default today, never a future day).",
    access: { kind: "permission", permission: "reports:eod" },
    query: [{ schema: EodQuery }],
    success: { status: 200, description: "The summary (reference §2.8 shape, snake_case).", schema: R.EodSummary },
  },
];
