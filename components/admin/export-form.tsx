"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { BAG_STATUSES, BILL_STATUSES, BAG_TYPES, DISPATCH_AREAS } from "@/lib/domain";
import { EXPORT_DATASETS, exportHref, type ExportFormat, type ExportWhat } from "@/lib/schemas/exports";

type Filter = "from" | "to" | "area" | "type" | "status" | "user" | "action";

/** The filters each dataset takes (the same names its list page uses). */
const FILTERS: Record<ExportWhat, readonly Filter[]> = {
  bags: ["from", "to", "area", "type", "status", "user"],
  links: ["from", "to", "area", "user"],
  scans: ["from", "to", "area", "user"],
  bills: ["from", "to", "status", "user"],
  audit: ["from", "to", "user", "action"],
};

const FORMATS = ["csv", "xlsx"] as const satisfies readonly ExportFormat[];
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
  const t = useTranslations("exports.form");
  const tc = useTranslations("common");
  const [what, setWhat] = useState<ExportWhat>("bags");
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [values, setValues] = useState<Record<Filter, string>>({ from: "", to: "", area: "", type: "", status: "", user: "", action: "" });
  const set = (key: Filter) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const takes = new Set(FILTERS[what]);
  const filters = Object.fromEntries(Object.entries(values).filter(([k]) => takes.has(k as Filter)));
  const reversed = Boolean(values.from && values.to && values.from > values.to);
  // The statuses of the chosen dataset, in the words its own pages use.
  const statuses =
    what === "bags"
      ? BAG_STATUSES.map((s) => ({ value: s, label: tc(`bagStatuses.${s}`) }))
      : what === "bills"
        ? BILL_STATUSES.map((s) => ({ value: s, label: tc(`billStatuses.${s}`) }))
        : [];
  const userLabel = what === "links" ? t("linkedBy") : what === "bills" || what === "bags" ? t("createdBy") : t("user");
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Choice id="export-dataset" label={t("data")} value={what} onChange={(v) => setWhat(v as ExportWhat)} options={EXPORT_DATASETS.map((d) => ({ value: d, label: t(`datasets.${d}`) }))} />
        <Choice id="export-format" label={t("format")} value={format} onChange={(v) => setFormat(v as ExportFormat)} options={FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))} />
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold text-slate-800">{t("filters")}</legend>
        <Labelled id="export-from" label={t("from")}>
          <input id="export-from" type="date" value={values.from} onChange={(e) => set("from")(e.target.value)} className={INPUT} />
        </Labelled>
        <Labelled id="export-to" label={t("to")}>
          <input id="export-to" type="date" value={values.to} onChange={(e) => set("to")(e.target.value)} className={INPUT} />
        </Labelled>
        {takes.has("area") && (
          <Choice id="export-area" label={t("area")} value={values.area} onChange={set("area")} options={[{ value: "", label: t("allAreas") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))]} />
        )}
        {takes.has("type") && (
          <Choice id="export-type" label={t("type")} value={values.type} onChange={set("type")} options={[{ value: "", label: t("allTypes") }, ...BAG_TYPES.map((b) => ({ value: b, label: tc(`bagTypes.${b}`) }))]} />
        )}
        {takes.has("status") && (
          <Choice id="export-status" label={t("status")} value={values.status} onChange={set("status")} options={[{ value: "", label: t("anyStatus") }, ...statuses]} />
        )}
        <Labelled id="export-user" label={userLabel}>
          <input id="export-user" value={values.user} maxLength={64} onChange={(e) => set("user")(e.target.value)} className={INPUT} />
        </Labelled>
        {takes.has("action") && (
          <Labelled id="export-action" label={t("action")}>
            <input id="export-action" value={values.action} maxLength={64} onChange={(e) => set("action")(e.target.value)} className={INPUT} />
          </Labelled>
        )}
      </fieldset>
      {reversed ? (
        <p role="alert" className="text-sm text-red-700">
          {t("reversed")}
        </p>
      ) : (
        <a
          href={exportHref(what, format, filters)}
          download
          data-testid="export-download"
          className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900"
        >
          {t("download", { format: format === "csv" ? "CSV" : "XLSX" })}
        </a>
      )}
      <p className="text-sm text-slate-600">{t("note")}</p>
    </div>
  );
}
