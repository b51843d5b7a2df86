"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS } from "@/lib/domain";
import type { ImportJob, ImportResult } from "@/lib/dto/imports";
import { formatCount } from "@/lib/format";
import type { Locale } from "@/lib/preferences";
import { IMPORT_COLUMNS, IMPORT_KINDS, type ImportKind } from "@/lib/schemas/imports";
import { ImportResults } from "./import-results";

type ImportWords = ReturnType<typeof useTranslations<"imports">>;

/** Refusals of /api/imports worded without the request's details; the others keep the API's English. */
const REFUSALS = [
  "file_too_large",
  "too_many_rows",
  "not_a_spreadsheet",
  "empty_file",
  "import_conflict",
  "job_not_found",
  "unsupported_media_type",
  "invalid_form",
  "unsupported_file_type",
  "formula_cell",
  "missing_columns",
  "invalid_csv",
] as const;
const isKnownRefusal = (code: string): code is (typeof REFUSALS)[number] => (REFUSALS as readonly string[]).includes(code);

/**
 * What the API refused, for the reader: the JSON API answers in English (its `message`, which an
 * English reader sees as it is); another language says the same by the refusal's code.
 */
function refusalText(error: { code: string; message: string }, locale: Locale, t: ImportWords): string {
  if (locale === "en" || !isKnownRefusal(error.code)) return error.message;
  return t(`refusals.${error.code}`);
}

type Answer = { status: number; body: (ImportResult & { error?: { code: string; message: string } }) | { error: { code: string; message: string } } };

/** POSTs the form with XMLHttpRequest (for upload progress), resolving with the JSON answer. */
function send(form: FormData, onUpload: (loaded: number, total: number) => void, t: ImportWords): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as Answer["body"] });
      } catch {
        resolve({ status: xhr.status, body: { error: { code: "bad_answer", message: t("form.badAnswer", { status: String(xhr.status) }) } } });
      }
    };
    xhr.onerror = () => reject(new Error(t("form.uploadFailed")));
    xhr.send(form);
  });
}

const fileKey = (file: File | null, kind: string, area: string) => (file ? `${file.name}:${file.size}:${file.lastModified}:${kind}:${area}` : "");

/** Pick a kind and file, dry-run it, then import it; progress of the upload and of the server's job. */
export function ImportForm() {
  const t = useTranslations("imports");
  const tc = useTranslations("common");
  const locale = useLocale();
  const [kind, setKind] = useState<ImportKind>("labels");
  const [area, setArea] = useState<string>(DISPATCH_AREAS[0]);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{ loaded: number; total: number } | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cleanDryRun, setCleanDryRun] = useState("");
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);
  const key = fileKey(file, kind, kind === "labels" ? area : "");

  async function start(dryRun: boolean) {
    if (!file) return;
    const jobId = crypto.randomUUID();
    const form = new FormData();
    form.set("file", file);
    form.set("kind", kind);
    form.set("dryRun", String(dryRun));
    form.set("jobId", jobId);
    if (kind === "labels") form.set("area", area);
    setBusy(true);
    setError(null);
    setResult(null);
    setJob(null);
    setUpload({ loaded: 0, total: file.size });
    poll.current = setInterval(async () => {
      const res = await fetch(`/api/imports/jobs/${jobId}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setJob(((await res.json()) as { job: ImportJob }).job);
    }, 500);
    try {
      const { status, body } = await send(form, (loaded, total) => setUpload({ loaded, total: total || file.size }), t);
      if ("summary" in body) {
        setResult(body);
        if (dryRun && body.summary.failed === 0) setCleanDryRun(key);
        if (!dryRun) setCleanDryRun("");
      }
      if (status >= 400 && body.error) setError(refusalText(body.error, locale, t));
    } catch (err) {
      setError(err instanceof Error ? err.message : t("form.failed"));
    } finally {
      if (poll.current) clearInterval(poll.current);
      poll.current = null;
      setBusy(false);
    }
  }

  const canImport = !busy && key !== "" && cleanDryRun === key;
  const count = (n: number) => formatCount(n, locale);
  const expected = kind === "bags" ? t("form.expected.bags", { columns: IMPORT_COLUMNS.bags.required.join(", ") }) : t(`form.expected.${kind}`);
  return (
    <div className="space-y-5">
      <form className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" onSubmit={(e) => e.preventDefault()}>
        <div className="space-y-1">
          <SelectField
            label={t("form.kind")}
            name="kind"
            options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`form.kinds.${k}`) }))}
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
          />
          <p className="text-sm text-slate-600" data-testid="import-columns">
            {expected}
          </p>
        </div>
        {kind === "labels" && (
          <SelectField label={t("form.area")} name="area" options={DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))} value={area} onChange={(e) => setArea(e.target.value)} />
        )}
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor="import-file" className="text-sm font-semibold text-slate-800">
            {t("form.file")}
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="text-base"
          />
        </div>
        <div className="flex flex-wrap gap-3 sm:col-span-2">
          <button type="button" disabled={!file || busy} onClick={() => start(true)} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-50">
            {t("form.dryRun")}
          </button>
          <button type="button" disabled={!canImport} onClick={() => start(false)} className="min-h-11 rounded-md bg-green-800 px-5 font-semibold text-white hover:bg-green-900 disabled:opacity-50">
            {t("form.import")}
          </button>
          {!canImport && file && !busy && <p className="self-center text-sm text-slate-600">{t("form.importHint")}</p>}
        </div>
      </form>

      {upload && (
        <div className="space-y-2" data-testid="import-progress">
          <p className="text-sm font-medium">
            {t("form.upload", { percent: count(Math.min(100, Math.round((upload.loaded / Math.max(upload.total, 1)) * 100))) })}
          </p>
          <ProgressBar value={upload.loaded} max={Math.max(upload.total, 1)} label={t("form.uploadProgress")} size="small" />
          {job && (
            <>
              <p className="text-sm font-medium" data-testid="import-phase">
                {job.total
                  ? t("form.progressOf", { phase: t(`form.phases.${job.phase}`), done: count(job.processed), total: count(job.total) })
                  : job.processed
                    ? t("form.progressRows", { phase: t(`form.phases.${job.phase}`), done: count(job.processed) })
                    : t(`form.phases.${job.phase}`)}
              </p>
              <ProgressBar value={job.total ? job.processed : 0} max={job.total ?? 1} label={t("form.serverProgress")} size="small" />
            </>
          )}
        </div>
      )}

      {error && (
        <p role="alert" data-testid="import-error" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}

      {result && (
        <section className="space-y-3">
          <p
            role="status"
            data-testid="import-summary"
            className={`rounded-md border px-3 py-2 text-sm ${result.summary.failed > 0 ? "border-red-300 bg-red-50 text-red-800" : "border-green-300 bg-green-50 text-green-900"}`}
          >
            {summaryText(result, t, locale)}
          </p>
          <ImportResults key={`${result.fileName}:${result.dryRun}:${result.durationMs}`} result={result} />
        </section>
      )}
    </div>
  );
}

function summaryText(r: ImportResult, t: ImportWords, locale: Locale): string {
  const n = (value: number) => formatCount(value, locale);
  const rows = t("summary.rows", { rows: n(r.summary.rows), ok: n(r.summary.ok), failed: n(r.summary.failed) });
  const c = r.counts;
  const what =
    r.kind === "bills"
      ? t("summary.bills", { bills: n(c.billsCreated), parents: n(c.billParentsAdded) })
      : t("summary.bags", { parents: n(c.parentsCreated), children: n(c.childrenCreated), links: n(c.linksCreated) });
  if (r.summary.failed > 0) return r.dryRun ? t("summary.dryRunFailed", { rows }) : t("summary.importRefused", { rows });
  if (r.dryRun) return t("summary.dryRunPassed", { rows, what });
  return t("summary.imported", { rows, what });
}
