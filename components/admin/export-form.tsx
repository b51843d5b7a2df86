"use client";

import { useState } from "react";
import { BAG_STATUSES, BILL_STATUSES, BAG_TYPES, DISPATCH_AREAS, formatArea } from "@/lib/domain";
import { EXPORT_DATASETS, EXPORT_LABELS, exportHref, type ExportFormat, type ExportWhat } from "@/lib/schemas/exports";

type Filter = "from" | "to" | "area" | "type" | "status" | "user" | "action";

/** The filters each dataset takes (the same names its list page uses). */
const FILTERS: Record<ExportWhat, readonly Filter[]> = {
  bags: ["from", "to", "area", "type", "status", "user"],
  links: ["from", "to", "area", "user"],
  scans: ["from", "to", "area", "user"],
  bills: ["from", "to", "status", "user"],
  audit: ["from", "to", "user", "action"],
};

const words = (s: string) => s.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
const STATUS_OPTIONS: Partial<Record<ExportWhat, readonly string[]>> = { bags: BAG_STATUSES, bills: BILL_STATUSES };
const INPUT = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base";

function Labelled({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

function Choice({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: readonly { value: string; label: string }[] }) {
  return (
    <Labelled id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={INPUT}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** Pick a dataset, a format and its filters; the download link follows every change. */
export function ExportForm() {
  const [what, setWhat] = useState<ExportWhat>("bags");
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [values, setValues] = useState<Record<Filter, string>>({ from: "", to: "", area: "", type: "", status: "", user: "", action: "" });
  const set = (key: Filter) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const takes = new Set(FILTERS[what]);
  const filters = Object.fromEntries(Object.entries(values).filter(([k]) => takes.has(k as Filter)));
  const reversed = Boolean(values.from && values.to && values.from > values.to);
  const statuses = STATUS_OPTIONS[what] ?? [];
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Choice id="export-dataset" label="Data" value={what} onChange={(v) => setWhat(v as ExportWhat)} options={EXPORT_DATASETS.map((d) => ({ value: d, label: EXPORT_LABELS[d] }))} />
        <Choice id="export-format" label="Format" value={format} onChange={(v) => setFormat(v as ExportFormat)} options={[{ value: "csv", label: "CSV" }, { value: "xlsx", label: "Excel (XLSX)" }]} />
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Filters (all optional; dates are IST days)</legend>
        <Labelled id="export-from" label="From">
          <input id="export-from" type="date" value={values.from} onChange={(e) => set("from")(e.target.value)} className={INPUT} />
        </Labelled>
        <Labelled id="export-to" label="To">
          <input id="export-to" type="date" value={values.to} onChange={(e) => set("to")(e.target.value)} className={INPUT} />
        </Labelled>
        {takes.has("area") && (
          <Choice id="export-area" label="Area" value={values.area} onChange={set("area")} options={[{ value: "", label: "All areas" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))]} />
        )}
        {takes.has("type") && (
          <Choice id="export-type" label="Type" value={values.type} onChange={set("type")} options={[{ value: "", label: "Parents and children" }, ...BAG_TYPES.map((t) => ({ value: t, label: words(t) }))]} />
        )}
        {takes.has("status") && (
          <Choice id="export-status" label="Status" value={values.status} onChange={set("status")} options={[{ value: "", label: "Any status" }, ...statuses.map((s) => ({ value: s, label: words(s) }))]} />
        )}
        <Labelled id="export-user" label={what === "links" ? "Linked by (username)" : what === "bills" || what === "bags" ? "Created by (username)" : "User (username)"}>
          <input id="export-user" value={values.user} maxLength={64} onChange={(e) => set("user")(e.target.value)} className={INPUT} />
        </Labelled>
        {takes.has("action") && (
          <Labelled id="export-action" label="Action">
            <input id="export-action" value={values.action} maxLength={64} onChange={(e) => set("action")(e.target.value)} className={INPUT} />
          </Labelled>
        )}
      </fieldset>
      {reversed ? (
        <p role="alert" className="text-sm text-red-700">
          The from date is after the to date.
        </p>
      ) : (
        <a
          href={exportHref(what, format, filters)}
          download
          data-testid="export-download"
          className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900"
        >
          Download {format === "csv" ? "CSV" : "XLSX"}
        </a>
      )}
      <p className="text-sm text-slate-600">Every matching row is exported (no row limit); large files stream as they are written.</p>
    </div>
  );
}
