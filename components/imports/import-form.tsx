"use client";

import { useRef, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, formatArea } from "@/lib/domain";
import type { ImportJob, ImportResult } from "@/lib/dto/imports";
import { IMPORT_COLUMNS, type ImportKind } from "@/lib/schemas/imports";
import { ImportResults } from "./import-results";

const KINDS: { value: ImportKind; label: string }[] = [
  { value: "bags", label: "Bags and links" },
  { value: "bills", label: "Bills" },
  { value: "labels", label: "Label-printer batch" },
];

const EXPECTED: Record<ImportKind, string> = {
  bags: `Columns: ${IMPORT_COLUMNS.bags.required.join(", ")} (one row per child; a parent with an empty child_qr creates the parent alone).`,
  bills: `Columns: bill_number, capacity, customer, vehicle, parent_qr (one row per parent; customer and vehicle optional).`,
  labels:
    "The label printer's sheet: column A Sr. No., column B the QR text; each run of LABEL NO. rows ends with its parent row (SB…, M444-… or \"Parent Code\"). A parent→bill sheet (runs of parents, each ended by a \"Bill\" row with the bill number in column B) creates those bills; the area is then not used.",
};

const PHASES: Record<ImportJob["phase"], string> = {
  uploading: "Uploading",
  parsing: "Reading the file",
  checking: "Checking rows",
  writing: "Writing",
  done: "Done",
  failed: "Stopped",
};

type Answer = { status: number; body: (ImportResult & { error?: { code: string; message: string } }) | { error: { code: string; message: string } } };

/** POSTs the form with XMLHttpRequest (for upload progress), resolving with the JSON answer. */
function send(form: FormData, onUpload: (loaded: number, total: number) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as Answer["body"] });
      } catch {
        resolve({ status: xhr.status, body: { error: { code: "bad_answer", message: `The server answered ${xhr.status}.` } } });
      }
    };
    xhr.onerror = () => reject(new Error("The upload failed: check the connection and try again."));
    xhr.send(form);
  });
}

const fileKey = (file: File | null, kind: string, area: string) => (file ? `${file.name}:${file.size}:${file.lastModified}:${kind}:${area}` : "");

/** Pick a kind and file, dry-run it, then import it; progress of the upload and of the server's job. */
export function ImportForm() {
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
      const { status, body } = await send(form, (loaded, total) => setUpload({ loaded, total: total || file.size }));
      if ("summary" in body) {
        setResult(body);
        if (dryRun && body.summary.failed === 0) setCleanDryRun(key);
        if (!dryRun) setCleanDryRun("");
      }
      if (status >= 400 && body.error) setError(body.error.message);
    } catch (err) {
      setError(err instanceof Error ? err.message : "The upload failed.");
    } finally {
      if (poll.current) clearInterval(poll.current);
      poll.current = null;
      setBusy(false);
    }
  }

  const canImport = !busy && key !== "" && cleanDryRun === key;
  return (
    <div className="space-y-5">
      <form className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" onSubmit={(e) => e.preventDefault()}>
        <div className="space-y-1">
          <SelectField label="Kind" name="kind" options={KINDS} value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} />
          <p className="text-sm text-slate-600" data-testid="import-columns">
            {EXPECTED[kind]}
          </p>
        </div>
        {kind === "labels" && (
          <SelectField label="Dispatch area" name="area" options={DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))} value={area} onChange={(e) => setArea(e.target.value)} />
        )}
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor="import-file" className="text-sm font-semibold text-slate-800">
            File (.csv or .xlsx, at most 20 MB)
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
            Dry run
          </button>
          <button type="button" disabled={!canImport} onClick={() => start(false)} className="min-h-11 rounded-md bg-green-800 px-5 font-semibold text-white hover:bg-green-900 disabled:opacity-50">
            Import
          </button>
          {!canImport && file && !busy && <p className="self-center text-sm text-slate-600">Import is enabled after a clean dry run of this file.</p>}
        </div>
      </form>

      {upload && (
        <div className="space-y-2" data-testid="import-progress">
          <p className="text-sm font-medium">
            Upload {Math.min(100, Math.round((upload.loaded / Math.max(upload.total, 1)) * 100))}%
          </p>
          <ProgressBar value={upload.loaded} max={Math.max(upload.total, 1)} label="Upload progress" size="small" />
          {job && (
            <>
              <p className="text-sm font-medium" data-testid="import-phase">
                {PHASES[job.phase]}
                {job.total ? ` ${job.processed.toLocaleString("en-IN")} / ${job.total.toLocaleString("en-IN")}` : job.processed ? ` ${job.processed.toLocaleString("en-IN")} rows` : ""}
              </p>
              <ProgressBar value={job.total ? job.processed : 0} max={job.total ?? 1} label="Server progress" size="small" />
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
            {summaryText(result)}
          </p>
          <ImportResults key={`${result.fileName}:${result.dryRun}:${result.durationMs}`} result={result} />
        </section>
      )}
    </div>
  );
}

function summaryText(r: ImportResult): string {
  const rows = `${r.summary.rows.toLocaleString("en-IN")} rows: ${r.summary.ok.toLocaleString("en-IN")} ok, ${r.summary.failed.toLocaleString("en-IN")} failed.`;
  const c = r.counts;
  const what =
    r.kind === "bills"
      ? `${c.billsCreated} bills with ${c.billParentsAdded} parent bags`
      : `${c.parentsCreated} new parents, ${c.childrenCreated} new children, ${c.linksCreated} links`;
  if (r.summary.failed > 0) return `${r.dryRun ? "Dry run" : "Import refused"}: ${rows} Nothing was imported; fix the failed rows and run the dry run again.`;
  if (r.dryRun) return `Dry run passed: ${rows} Importing would create ${what}. Nothing was written yet.`;
  return `Imported: ${rows} Created ${what}.`;
}
