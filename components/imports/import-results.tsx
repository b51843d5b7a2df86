"use client";

import { useMemo, useState } from "react";
import { DataTable } from "@/components/ui/table";
import { csvRow, CSV_BOM } from "@/lib/csv";
import type { ImportResult } from "@/lib/dto/imports";

const COLUMNS = [{ label: "Row" }, { label: "Status" }, { label: "Code" }, { label: "Message" }] as const;

/** Saves the listed rows as a CSV file, in the browser (no second request). */
function downloadCsv(result: ImportResult) {
  const withSheet = result.rows.some((r) => r.sheet);
  const header = [...(withSheet ? ["sheet"] : []), "row", "status", "code", "message"];
  const lines = [csvRow(header), ...result.rows.map((r) => csvRow([...(withSheet ? [r.sheet ?? ""] : []), r.row, r.ok ? "ok" : "failed", r.code ?? "", r.message ?? ""]))];
  const blob = new Blob([CSV_BOM, ...lines], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${result.fileName.replace(/\.[^.]*$/, "")}-${result.dryRun ? "dry-run" : "import"}-results.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The per-row verdicts of a dry run or import: filter to errors, download as CSV. */
export function ImportResults({ result }: { result: ImportResult }) {
  const [errorsOnly, setErrorsOnly] = useState(result.summary.failed > 0);
  const rows = useMemo(() => (errorsOnly ? result.rows.filter((r) => !r.ok) : result.rows), [errorsOnly, result.rows]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} className="size-4" />
          Errors only
        </label>
        <button type="button" onClick={() => downloadCsv(result)} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:border-brand-600">
          Download results (CSV)
        </button>
        {result.okRowsOmitted > 0 && (
          <p className="text-sm text-slate-600">
            {result.okRowsOmitted.toLocaleString("en-IN")} more ok rows are not listed (every failed row is).
          </p>
        )}
      </div>
      <DataTable columns={COLUMNS} testId="import-results" caption="Results per row">
        {rows.map((r) => (
          <tr key={`${r.sheet ?? ""}:${r.row}`} className="border-t border-slate-100" data-status={r.ok ? "ok" : "failed"}>
            <td className="px-3 py-2 font-mono">{r.sheet ? `${r.sheet} ${r.row}` : r.row}</td>
            <td className={`px-3 py-2 font-semibold ${r.ok ? "text-green-800" : "text-red-700"}`}>{r.ok ? "OK" : "Failed"}</td>
            <td className="px-3 py-2 font-mono text-xs">{r.code ?? ""}</td>
            <td className="px-3 py-2">{r.message ?? ""}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="px-3 py-4 text-slate-600">
              {errorsOnly ? "No failed rows." : "No rows."}
            </td>
          </tr>
        )}
      </DataTable>
    </div>
  );
}
