"use client";

import { useActionState, useState } from "react";
import { issueApiTokenAction } from "@/app/(admin)/admin/tokens/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, formatArea } from "@/lib/domain";
import type { ApiTokenEcho } from "@/lib/dto/tokens";
import { API_TOKEN_NAME_MAX } from "@/lib/schemas/tokens";
import { NewTokenBox } from "./new-token-box";
import { FormFooter } from "@/components/ui/form-footer";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & ApiTokenEcho;

export const TOKEN_ROLE_OPTIONS = [
  { value: "dispatcher", label: "Dispatcher (scans in one area)" },
  { value: "biller", label: "Biller (bills, every area)" },
  { value: "gate", label: "Gate (gate scans, passes)" },
  { value: "readonly", label: "Read-only (GET only, every area)" },
  { value: "admin", label: "Admin (everything — needs confirming)" },
] as const;
const AREA_OPTIONS = [{ value: "", label: "Choose an area…" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))];

/**
 * Issues an API token: a name, what it acts as (an area for a dispatcher), an optional last day.
 * The token itself is shown once, above the form, after issuing.
 */
export function TokenIssueForm({ today }: { today: string }) {
  const [state, action, pending] = useActionState(issueApiTokenAction, INITIAL);
  const errors = errorsOf(state);
  const typed: ApiTokenEcho["values"] = !state.ok && "values" in state ? state.values : {};
  // The form resets after every answer: a refusal remounts the fields with what was typed.
  const echoKey = state.ok ? `ok-${state.id}` : JSON.stringify(typed);
  return (
    <div className="space-y-3">
      {state.ok && <NewTokenBox key={state.id} token={state.token} prefix={state.prefix} />}
      <form action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate data-testid="token-issue-form">
        <Field
          key={`name-${echoKey}`}
          label="Token name"
          name="name"
          autoComplete="off"
          required
          maxLength={API_TOKEN_NAME_MAX}
          defaultValue={typed.name ?? ""}
          hint="What uses it, e.g. “Scanner 4, Lucknow dock”."
          errors={errors.name}
        />
        <RoleFields key={`role-${echoKey}`} typed={typed} errors={errors} />
        <Field
          key={`expires-${echoKey}`}
          label="Expires after (optional)"
          name="expiresAt"
          type="date"
          min={today}
          defaultValue={typed.expiresAt ?? ""}
          hint="The token works to the end of this day (IST). Empty: until revoked."
          errors={errors.expiresAt}
        />
        <FormFooter state={state} pending={pending} label="Issue token" pendingLabel="Issuing…" />
      </form>
    </div>
  );
}

/** The role select; the area select for a dispatcher; the confirmation box for an admin token. */
function RoleFields({ typed, errors }: { typed: ApiTokenEcho["values"]; errors: Record<string, string[]> }) {
  const [role, setRole] = useState(typed.role ?? "dispatcher");
  return (
    <>
      <div className="flex flex-col gap-1">
        <SelectField label="Acts as" name="role" options={TOKEN_ROLE_OPTIONS} value={role} onChange={(e) => setRole(e.target.value)} />
        {errors.role && <p className="text-sm text-red-700">{errors.role.join(" ")}</p>}
      </div>
      {role === "dispatcher" && (
        <div className="flex flex-col gap-1">
          <SelectField label="Dispatch area" name="area" options={AREA_OPTIONS} defaultValue={typed.area ?? ""} aria-invalid={Boolean(errors.area) || undefined} />
          {errors.area && <p className="text-sm text-red-700">{errors.area.join(" ")}</p>}
        </div>
      )}
      {role === "admin" && (
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3 sm:col-span-2">
          <label className="flex min-h-11 items-start gap-2 text-sm font-semibold text-amber-950">
            <input type="checkbox" name="confirmAdmin" defaultChecked={typed.confirmAdmin} className="mt-0.5 h-5 w-5 shrink-0" />
            I understand: this token can do everything an admin can (users, deletions, exports) until it is revoked, and works only while I stay an admin with two-factor
            authentication.
          </label>
          {errors.confirmAdmin && <p className="text-sm text-red-700">{errors.confirmAdmin.join(" ")}</p>}
        </div>
      )}
    </>
  );
}
