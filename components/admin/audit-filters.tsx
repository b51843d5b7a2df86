import Link from "next/link";
import { useTranslations } from "next-intl";
import { AUDIT_ACTIONS } from "@/lib/dto/audit";
import type { AuditFilters } from "@/lib/schemas/auth";

// The cursor is not a filter anyone types: the form starts from the newest rows.
const FIELDS: { name: Exclude<keyof AuditFilters, "after">; type?: string; list?: string }[] = [
  { name: "user" },
  { name: "action", list: "audit-actions" },
  { name: "entityType" },
  { name: "entityId" },
  { name: "from", type: "date" },
  { name: "to", type: "date" },
  { name: "ip" },
];

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked or shared. */
export function AuditFiltersForm({ filters }: { filters: AuditFilters }) {
  const t = useTranslations("admin.audit");
  return (
    <form method="get" aria-label={t("filters.label")} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4">
      {FIELDS.map((f) => (
        <div key={f.name} className="flex flex-col gap-1">
          <label htmlFor={`audit-${f.name}`} className="text-sm font-semibold">
            {t(`filters.${f.name}`)}
          </label>
          <input
            id={`audit-${f.name}`}
            name={f.name}
            type={f.type ?? "text"}
            list={f.list}
            defaultValue={filters[f.name] ?? ""}
            maxLength={128}
            className="rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
      ))}
      {/* Suggestions only: the filter accepts any action name. Each code with what it means. */}
      <datalist id="audit-actions">
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a} label={t(`actions.${a}`)} />
        ))}
      </datalist>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
          {t("filters.submit")}
        </button>
        <Link href="/admin/audit" className="px-2 py-2 text-sm text-brand-700 underline">
          {t("filters.clear")}
        </Link>
      </div>
    </form>
  );
}
