import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/dto/audit";
import type { AuditFilters } from "@/lib/schemas/auth";

// The cursor is not a filter anyone types: the form starts from the newest rows.
const FIELDS: { name: Exclude<keyof AuditFilters, "after">; label: string; type?: string; list?: string }[] = [
  { name: "user", label: "User" },
  { name: "action", label: "Action", list: "audit-actions" },
  { name: "entityType", label: "Entity type" },
  { name: "entityId", label: "Entity id" },
  { name: "from", label: "From (IST day)", type: "date" },
  { name: "to", label: "To (IST day)", type: "date" },
  { name: "ip", label: "IP address" },
];

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked or shared. */
export function AuditFiltersForm({ filters }: { filters: AuditFilters }) {
  return (
    <form method="get" aria-label="Audit filters" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4">
      {FIELDS.map((f) => (
        <div key={f.name} className="flex flex-col gap-1">
          <label htmlFor={`audit-${f.name}`} className="text-sm font-semibold">
            {f.label}
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
      {/* Suggestions only: the filter accepts any action name. */}
      <datalist id="audit-actions">
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
          Filter
        </button>
        <Link href="/admin/audit" className="px-2 py-2 text-sm text-brand-700 underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
