"use client";

import { useActionState, useState } from "react";
import { issueApiTokenAction } from "@/app/(admin)/admin/tokens/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ApiTokenEcho } from "@/lib/dto/tokens";
import { API_TOKEN_NAME_MAX, API_TOKEN_ROLES, type ApiTokenRole } from "@/lib/schemas/tokens";
import { NewTokenBox } from "./new-token-box";
import { FormFooter } from "@/components/ui/form-footer";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & ApiTokenEcho;

/**
 * The form's words, translated by the tokens page (next-intl's "labels as props": the page
 * already holds the translator, and the form renders wherever the page does).
 */
export interface TokenFormWords {
  name: string;
  nameHint: string;
  actsAs: string;
  roles: Record<ApiTokenRole, string>;
  area: string;
  /** The area select's options: "Choose an area…" first, then every dispatch area. */
  areas: { value: string; label: string }[];
  expires: string;
  expiresHint: string;
  confirmAdmin: string;
  submit: string;
  pending: string;
}

/**
 * Issues an API token: a name, what it acts as (an area for a dispatcher), an optional last day.
 * The token itself is shown once, above the form, after issuing.
 */
export function TokenIssueForm({ today, words }: { today: string; words: TokenFormWords }) {
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
          label={words.name}
          name="name"
          autoComplete="off"
          required
          maxLength={API_TOKEN_NAME_MAX}
          defaultValue={typed.name ?? ""}
          hint={words.nameHint}
          errors={errors.name}
        />
        <RoleFields key={`role-${echoKey}`} typed={typed} errors={errors} words={words} />
        <Field
          key={`expires-${echoKey}`}
          label={words.expires}
          name="expiresAt"
          type="date"
          min={today}
          defaultValue={typed.expiresAt ?? ""}
          hint={words.expiresHint}
          errors={errors.expiresAt}
        />
        <FormFooter state={state} pending={pending} label={words.submit} pendingLabel={words.pending} />
      </form>
    </div>
  );
}

/** The role select; the area select for a dispatcher; the confirmation box for an admin token. */
function RoleFields({ typed, errors, words }: { typed: ApiTokenEcho["values"]; errors: Record<string, string[]>; words: TokenFormWords }) {
  const [role, setRole] = useState(typed.role ?? "dispatcher");
  const roleOptions = API_TOKEN_ROLES.map((r) => ({ value: r, label: words.roles[r] }));
  return (
    <>
      <div className="flex flex-col gap-1">
        <SelectField label={words.actsAs} name="role" options={roleOptions} value={role} onChange={(e) => setRole(e.target.value)} />
        {errors.role && <p className="text-sm text-red-700">{errors.role.join(" ")}</p>}
      </div>
      {role === "dispatcher" && (
        <div className="flex flex-col gap-1">
          <SelectField label={words.area} name="area" options={words.areas} defaultValue={typed.area ?? ""} aria-invalid={Boolean(errors.area) || undefined} />
          {errors.area && <p className="text-sm text-red-700">{errors.area.join(" ")}</p>}
        </div>
      )}
      {role === "admin" && (
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3 sm:col-span-2">
          <label className="flex min-h-11 items-start gap-2 text-sm font-semibold text-amber-950">
            <input type="checkbox" name="confirmAdmin" defaultChecked={typed.confirmAdmin} className="mt-0.5 h-5 w-5 shrink-0" />
            {words.confirmAdmin}
          </label>
          {errors.confirmAdmin && <p className="text-sm text-red-700">{errors.confirmAdmin.join(" ")}</p>}
        </div>
      )}
    </>
  );
}
