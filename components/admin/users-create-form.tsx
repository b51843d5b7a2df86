"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createUserAction } from "@/app/(admin)/admin/users/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, ROLES } from "@/lib/domain";
import type { NewUserEcho } from "@/lib/dto/users";
import { FormFooter } from "@/components/ui/form-footer";

// Customer accounts are made on /admin/customers (an e-mail, linked customers, a welcome mail), never here.
const STAFF = ROLES.filter((r) => r !== "customer");
const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & NewUserEcho;

/** A new account gets a random temporary password, shown here once, to be changed at first sign-in. */
export function UsersCreateForm() {
  const t = useTranslations("users.create");
  const tc = useTranslations("common");
  const [state, action, pending] = useActionState(createUserAction, INITIAL);
  const errors = errorsOf(state);
  // A refusal hands back what was typed (the form resets after every answer, to these values).
  const typed: NewUserEcho["values"] = !state.ok && "values" in state ? state.values : {};
  const role = typed.role ?? "dispatcher";
  const area = typed.dispatchArea ?? "";
  const roleOptions = STAFF.map((r) => ({ value: r, label: tc(`roles.${r}`) }));
  const areaOptions = [{ value: "", label: t("areaNone") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))];
  return (
    <form action={action} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      <Field label={t("username")} name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} required maxLength={64} defaultValue={typed.username ?? ""} errors={errors.username} />
      <Field label={t("email")} name="email" type="email" autoComplete="off" maxLength={254} defaultValue={typed.email ?? ""} errors={errors.email} />
      {/* A select takes its defaultValue only when mounted: keyed by it, it remounts with the echoed choice. */}
      <SelectField key={`role-${role}`} label={t("role")} name="role" options={roleOptions} defaultValue={role} />
      <div>
        <SelectField
          key={`area-${area}`}
          label={t("area")}
          name="dispatchArea"
          options={areaOptions}
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
      <FormFooter state={state} pending={pending} label={t("submit")} pendingLabel={t("pending")}>
        {state.ok && state.temporaryPassword && (
          <p className="mt-2 text-sm">
            {t("temporaryPassword", { username: state.username })}{" "}
            <code data-testid="new-user-password" className="rounded bg-slate-100 px-1 font-mono text-base select-all">
              {state.temporaryPassword}
            </code>
          </p>
        )}
      </FormFooter>
    </form>
  );
}
