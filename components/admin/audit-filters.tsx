import Link from "next/link";
import type { AuditFilters } from "@/lib/schemas/auth";

// Suggestions only: the filter accepts any action name.
const KNOWN_ACTIONS = [
  "login_success",
  "login_failed_bad_password",
  "login_failed_unknown_user",
  "login_blocked_locked",
  "login_rate_limited",
  "login_2fa_pending",
  "account_locked",
  "account_unlocked",
  "session_started",
  "session_extended",
  "session_ended_by_admin",
  "sessions_ended_by_admin",
  "logout",
  "honeypot_triggered",
  "2fa_enabled",
  "2fa_disabled",
  "2fa_verified",
  "2fa_verify_failed",
  "backup_code_used",
  "password_changed",
  "password_reset_requested",
  "password_reset_completed",
  "password_temporary_set",
  "user_created",
];

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
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
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
