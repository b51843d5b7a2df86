"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(admin)/admin/users/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, formatArea, formatRole, ROLES } from "@/lib/domain";
import type { NewUserEcho } from "@/lib/dto/users";
import { FormFooter } from "@/components/ui/form-footer";

// Customer accounts are made on /admin/customers (an e-mail, linked customers, a welcome mail), never here.
const ROLE_OPTIONS = ROLES.filter((r) => r !== "customer").map((r) => ({ value: r, label: formatRole(r) }));
const AREA_OPTIONS = [{ value: "", label: "— none (biller / admin) —" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))];
const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & NewUserEcho;

/** A new account gets a random temporary password, shown here once, to be changed at first sign-in. */
export function UsersCreateForm() {
  const [state, action, pending] = useActionState(createUserAction, INITIAL);
  const errors = errorsOf(state);
  // A refusal hands back what was typed (the form resets after every answer, to these values).
  const typed: NewUserEcho["values"] = !state.ok && "values" in state ? state.values : {};
  const role = typed.role ?? "dispatcher";
  const area = typed.dispatchArea ?? "";
  return (
    <form action={action} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      <Field label="New username" name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} required maxLength={64} defaultValue={typed.username ?? ""} errors={errors.username} />
      <Field label="Email (for reset links)" name="email" type="email" autoComplete="off" maxLength={254} defaultValue={typed.email ?? ""} errors={errors.email} />
      {/* A select takes its defaultValue only when mounted: keyed by it, it remounts with the echoed choice. */}
      <SelectField key={`role-${role}`} label="Role" name="role" options={ROLE_OPTIONS} defaultValue={role} />
      <div>
        <SelectField
          key={`area-${area}`}
          label="Dispatch area"
          name="dispatchArea"
          options={AREA_OPTIONS}
          defaultValue={area}
          aria-invalid={errors.dispatchArea ? true : undefined}
          aria-describedby={errors.dispatchArea ? "area-error" : undefined}
        />
        {errors.dispatchArea && (
          <p id="area-error" className="mt-1 text-sm text-red-700">
            {errors.dispatchArea.join(" ")}
          </p>
        )}
      </div>
      <FormFooter state={state} pending={pending} label="Create user" pendingLabel="Creating…">
        {state.ok && state.temporaryPassword && (
          <p className="mt-2 text-sm">
            Temporary password for {state.username} (shown once):{" "}
            <code data-testid="new-user-password" className="rounded bg-slate-100 px-1 font-mono text-base select-all">
              {state.temporaryPassword}
            </code>
          </p>
        )}
      </FormFooter>
    </form>
  );
}
