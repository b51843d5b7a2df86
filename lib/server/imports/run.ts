import "server-only";
import type { ImportCounts, ImportResult, ImportRowResult } from "@/lib/dto/imports";
import { IMPORT_OK_ROWS_SHOWN } from "@/lib/dto/imports";
import { can } from "@/lib/permissions";
import { IMPORT_COLUMNS, ImportOptions, type ImportKind } from "@/lib/schemas/imports";
import { auditInsertSql, auditEntry } from "../audit";
import { inTransaction } from "../db-errors";
import { ConflictError, ForbiddenError, ValidationError, AppError } from "../errors";
import type { ServiceContext } from "../service";
import { countedTransaction } from "../stats/bump";
import { parseInput } from "../validation";
import type { BagItem } from "./bag-items";
import { importBags } from "./bags";
import { importBills } from "./bills";
import { isParentBillBatch, labelItems, parentBillRows } from "./labels";
import { fileTooLarge, MAX_IMPORT_BYTES } from "./limits";
import { ImportProgress } from "./progress";
import { readRows, type SheetRow } from "./sheet";
import { readTable, type TableRow } from "./table";
import type { Verdict } from "./verdicts";

export interface RunImportInput {
  kind: ImportKind | string;
  fileName: string;
  data: Buffer;
  dryRun?: boolean | string;
  /** labels: the dispatch area of every bag the batch creates. */
  area?: string;
  /** The page's job id: progress is recorded under it for GET /api/imports/jobs/[id]. */
  jobId?: string;
}

/** Thrown inside the transaction to roll a dry run back, carrying what it found. */
class RollBack extends Error {
  constructor(readonly verdicts: Verdict[], readonly counts: ImportCounts) {
    super("import rolled back");
  }
}

const IMPORT_CONSTRAINTS = Object.fromEntries(
  ["bags_qr_ci_unique", "links_child_unique", "bill_bags_bag_unique", "bills_number_ci_unique", "customers_name_ci_unique"].map((name) => [
    name,
    () => new ConflictError("import_conflict", "Some bags or bills changed while the file was imported; nothing was imported. Run the dry run again."),
  ]),
);

/** The rows a file holds, read into memory once (≤ 200k short rows) with progress while reading. */
async function readItems(
  kind: ImportKind,
  fileName: string,
  data: Buffer,
  area: string | undefined,
  progress: ImportProgress,
): Promise<{ bagItems?: BagItem[]; billRows?: TableRow[]; rowRefs: { row: number; sheet: string }[] }> {
  const onRow = (n: number) => progress.report("parsing", n, null);
  if (kind === "labels") {
    const sheetRows: SheetRow[] = [];
    for await (const row of readRows(fileName, data, { allSheets: true })) {
      sheetRows.push(row);
      if (sheetRows.length % 5000 === 0) await onRow(sheetRows.length);
    }
    // Parents closed by bill rows: new bills (reference §6.2, parent→bill batch).
    if (isParentBillBatch(sheetRows)) {
      const billRows = parentBillRows(sheetRows);
      return { billRows, rowRefs: billRows };
    }
    if (!area) throw new ValidationError("Choose the dispatch area of this label batch.", { area: ["Choose the dispatch area."] });
    const bagItems = await labelItems(sheetRows, area);
    return { bagItems, rowRefs: bagItems };
  }
  const rows: TableRow[] = [];
  for await (const row of readTable(readRows(fileName, data), IMPORT_COLUMNS[kind])) {
    rows.push(row);
    if (rows.length % 5000 === 0) await onRow(rows.length);
  }
  if (rows.length === 0) throw new ValidationError("The file has a header row but no data rows.", { file: ["No data rows."] }, "empty_file");
  if (kind === "bills") return { billRows: rows, rowRefs: rows };
  const bagItems = rows.map(({ row, sheet, values }) => ({
    row,
    sheet,
    parentRaw: values.parent_qr ?? "",
    childRaw: values.child_qr ?? "",
    areaRaw: values.area ?? "",
  }));
  return { bagItems, rowRefs: bagItems };
}

/**
 * Imports a file of bags and links, bills, or a label-printer batch (DESIGN.md §6b, §7): every
 * row checked by the scan and bill rules, set-wise; all-or-nothing in one transaction. A dry run
 * (the default) does the same work and rolls it back. A real run with any failed row imports
 * nothing: 409 import_rejected (the rows are in the error's `result`).
 */
export async function runImport(ctx: ServiceContext, input: RunImportInput): Promise<ImportResult> {
  if (!can(ctx.actor.role, "data:import_export")) throw new ForbiddenError("Only admins can import data.");
  const started = Date.now();
  const options = parseInput(ImportOptions, {
    kind: input.kind,
    fileName: input.fileName,
    dryRun: input.dryRun ?? true,
    ...(input.area !== undefined ? { area: input.area } : {}),
    ...(input.jobId ? { jobId: input.jobId } : {}),
  });
  const { kind, fileName, dryRun, area, jobId } = options;
  if (input.data.length > MAX_IMPORT_BYTES) throw fileTooLarge();
  const progress = new ImportProgress(jobId ? { id: jobId.toLowerCase(), owner: ctx.actor.id, kind, dryRun } : null);
  try {
    await progress.report("parsing", 0, null);
    const { bagItems, billRows, rowRefs } = await readItems(kind, fileName, input.data, area, progress);
    const total = rowRefs.length;
    const onProgress = (phase: "checking" | "writing", processed: number, of: number) => progress.report(phase, processed, of);
    let verdicts: Verdict[];
    let counts: ImportCounts;
    let applied = false;
    try {
      // It locks parents and bills as the verbs do; a deadlock PostgreSQL breaks runs it again, counted
      // afresh. A dry run or a failed row rolls back (RollBack) and moves no counter.
      ({ verdicts, counts } = await countedTransaction(ctx.db, (change) =>
        inTransaction(ctx.db, IMPORT_CONSTRAINTS, async (tx) => {
          const outcome = bagItems ? await importBags(tx, ctx, bagItems, change, onProgress) : await importBills(tx, ctx, billRows ?? [], change, onProgress);
          if (dryRun || outcome.verdicts.some((v) => !v.ok)) throw new RollBack(outcome.verdicts, outcome.counts);
          await tx.execute(
            auditInsertSql(
              auditEntry(ctx, {
                action: "import_applied",
                entityType: "import",
                entityId: jobId ?? fileName,
                details: { kind, fileName, area: area ?? null, rows: total, ...outcome.counts },
              }),
            ),
          );
          return outcome;
        }),
      ));
      applied = true;
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
      ({ verdicts, counts } = err);
    }
    const result = resultOf({ kind, fileName, dryRun, applied, rowRefs, verdicts, counts, started });
    await progress.report("done", total, total);
    if (!dryRun && !applied) throw new ImportRejected(result);
    return result;
  } catch (err) {
    if (!(err instanceof ImportRejected)) await progress.report("failed", 0, null);
    throw err;
  }
}

/** 409 import_rejected: the file had failed rows, so nothing was imported; `result` lists them. */
export class ImportRejected extends AppError {
  constructor(readonly result: ImportResult) {
    super(409, "import_rejected", `${result.summary.failed} of ${result.summary.rows} rows failed the checks, so nothing was imported. Fix them and run the dry run again.`);
  }
}

function resultOf(parts: {
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  applied: boolean;
  rowRefs: { row: number; sheet: string }[];
  verdicts: Verdict[];
  counts: ImportCounts;
  started: number;
}): ImportResult {
  const { rowRefs, verdicts } = parts;
  const multiSheet = new Set(rowRefs.map((r) => r.sheet)).size > 1;
  const rows: ImportRowResult[] = [];
  let ok = 0;
  let okShown = 0;
  rowRefs.forEach((ref, i) => {
    const v = verdicts[i] ?? { ok: true };
    if (v.ok) ok += 1;
    if (v.ok && okShown >= IMPORT_OK_ROWS_SHOWN) return;
    if (v.ok) okShown += 1;
    rows.push({
      row: ref.row,
      ok: v.ok,
      ...(v.code ? { code: v.code } : {}),
      ...(v.message ? { message: v.message } : {}),
      ...(multiSheet ? { sheet: ref.sheet } : {}),
    });
  });
  return {
    dryRun: parts.dryRun,
    kind: parts.kind,
    fileName: parts.fileName,
    summary: { rows: rowRefs.length, ok, failed: rowRefs.length - ok },
    rows,
    okRowsOmitted: ok - okShown,
    counts: parts.counts,
    applied: parts.applied,
    durationMs: Date.now() - parts.started,
  };
}
