import type { ImportKind } from "../schemas/imports";

// POST /api/imports and GET /api/imports/jobs/[id] (DESIGN.md §6b): one definition each, read by
// the route, the import page and the tests.

/** One data row's verdict; `row` is the spreadsheet's row number (the header is row 1). */
export interface ImportRowResult {
  row: number;
  ok: boolean;
  code?: string;
  message?: string;
  /** The sheet, when a label batch spans several. */
  sheet?: string;
}

export interface ImportSummary {
  rows: number;
  ok: number;
  failed: number;
}

/** What an applied (or, in a dry run, would-be) import creates. */
export interface ImportCounts {
  parentsCreated: number;
  childrenCreated: number;
  linksCreated: number;
  billsCreated: number;
  billParentsAdded: number;
}

export interface ImportResult {
  dryRun: boolean;
  kind: ImportKind;
  fileName: string;
  summary: ImportSummary;
  /** Every failed row, and the ok rows up to IMPORT_OK_ROWS_SHOWN (okRowsOmitted says how many more). */
  rows: ImportRowResult[];
  okRowsOmitted: number;
  counts: ImportCounts;
  /** Whether the file was applied (false for a dry run and for any refusal). */
  applied: boolean;
  durationMs: number;
}

/** How far an import job is: parse → check → write → done (or failed). */
export const IMPORT_PHASES = ["uploading", "parsing", "checking", "writing", "done", "failed"] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export interface ImportJob {
  id: string;
  phase: ImportPhase;
  processed: number;
  /** null while unknown (a streamed workbook's rows are counted as they are read). */
  total: number | null;
  kind: ImportKind;
  dryRun: boolean;
}

/** Ok rows listed in an answer at most; failed rows are always all listed. */
export const IMPORT_OK_ROWS_SHOWN = 1000;
