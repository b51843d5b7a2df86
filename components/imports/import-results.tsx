"use client";

import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/ui/table";
import { csvRow, CSV_BOM } from "@/lib/csv";
import type { ImportResult } from "@/lib/dto/imports";
import { formatCount } from "@/lib/format";

/** Saves the listed rows as a CSV file, in the browser (no second request): machine-read, so English headers and codes. */
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
  const t = useTranslations("imports.results");
  const locale = useLocale();
  const columns = [{ label: t("columns.row") }, { label: t("columns.status") }, { label: t("columns.code") }, { label: t("columns.message") }];
  const [errorsOnly, setErrorsOnly] = useState(result.summary.failed > 0);
  const rows = useMemo(() => (errorsOnly ? result.rows.filter((r) => !r.ok) : result.rows), [errorsOnly, result.rows]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} className="size-4" />
          {t("errorsOnly")}
        </label>
        <button type="button" onClick={() => downloadCsv(result)} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:border-brand-600">
          {t("download")}
        </button>
        {result.okRowsOmitted > 0 && (
          <p className="text-sm text-slate-600">{t("omitted", { n: formatCount(result.okRowsOmitted, locale) })}</p>
        )}
      </div>
      <DataTable columns={columns} testId="import-results" caption={t("caption")}>
        {rows.map((r) => (
          <tr key={`${r.sheet ?? ""}:${r.row}`} className="border-t border-slate-100" data-status={r.ok ? "ok" : "failed"}>
            <td className="px-3 py-2 font-mono">{r.sheet ? `${r.sheet} ${r.row}` : r.row}</td>
            <td className={`px-3 py-2 font-semibold ${r.ok ? "text-green-800" : "text-red-700"}`}>{r.ok ? t("ok") : t("failed")}</td>
            <td className="px-3 py-2 font-mono text-xs">{r.code ?? ""}</td>
            <td className="px-3 py-2">{r.message ?? ""}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="px-3 py-4 text-slate-600">
              {errorsOnly ? t("noFailed") : t("none")}
            </td>
          </tr>
        )}
      </DataTable>
    </div>
  );
}
