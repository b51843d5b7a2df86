"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { updateUserAction } from "@/app/(admin)/admin/users/[id]/edit/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, STAFF_ROLES } from "@/lib/domain";
import type { EditableUser, NewUserEcho } from "@/lib/dto/users";
import { FormFooter } from "@/components/ui/form-footer";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & NewUserEcho;

/**
 * Username, e-mail, role and area of one staff member. The area is asked only of a dispatcher;
 * a directory user's role and area follow their groups and cannot be changed here.
 */
export function UserEditForm({ user, isSelf }: { user: EditableUser; isSelf: boolean }) {
  const [state, action, pending] = useActionState(updateUserAction.bind(null, user.id), INITIAL);
  const errors = errorsOf(state);
  const typed: NewUserEcho["values"] | null = !state.ok && "values" in state && state.code ? state.values : null;
  const shown = {
    username: typed?.username ?? user.username,
    email: typed?.email ?? user.email ?? "",
    role: typed?.role ?? user.role,
    dispatchArea: typed?.dispatchArea ?? user.dispatchArea ?? "",
  };
  const directory = user.authSource === "ldap";
  const roleLocked = directory || isSelf;
  // After every answer the form resets to what was saved (or, refused, to what was typed).
  const key = JSON.stringify([state.ok, state.message, shown]);
  return <EditFields key={key} {...{ action, pending, state, errors, shown, directory, roleLocked, isSelf }} />;
}

function EditFields({
  action,
  pending,
  state,
  errors,
  shown,
  directory,
  roleLocked,
  isSelf,
}: {
  action: (form: FormData) => void;
  pending: boolean;
  state: Parameters<typeof FormMessage>[0]["state"];
  errors: Record<string, string[]>;
  shown: { username: string; email: string; role: string; dispatchArea: string };
  directory: boolean;
  roleLocked: boolean;
  isSelf: boolean;
}) {
  const t = useTranslations("users.edit.form");
  const tc = useTranslations("common");
  const [role, setRole] = useState(shown.role);
  const isDispatcher = role === "dispatcher";
  const roleHint = directory ? t("roleDirectory") : isSelf ? t("roleSelf") : undefined;
  const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: tc(`roles.${r}`) }));
  const areaOptions = [{ value: "", label: t("chooseArea") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))];
  return (
    <form action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate data-testid="user-edit-form">
      <Field
        label={t("username")}
        name="username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={64}
        defaultValue={shown.username}
        readOnly={directory}
        hint={directory ? t("usernameHint") : undefined}
        errors={errors.username}
      />
      <Field label={t("email")} name="email" type="email" autoComplete="off" maxLength={254} defaultValue={shown.email} hint={t("emailHint")} errors={errors.email} />
      <div className="flex flex-col gap-1">
        <SelectField
          label={t("role")}
          name="role"
          options={roleOptions}
          value={role}
          onChange={(e) => setRole(e.target.value)}
          disabled={roleLocked}
          aria-invalid={errors.role ? true : undefined}
          aria-describedby={[roleHint ? "role-hint" : "", errors.role ? "role-error" : ""].filter(Boolean).join(" ") || undefined}
        />
        {roleHint && (
          <p id="role-hint" data-testid="role-hint" className="text-sm text-slate-600">
            {roleHint}
          </p>
        )}
        {errors.role && (
          <p id="role-error" className="text-sm text-red-700">
            {errors.role.join(" ")}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <SelectField
          label={isDispatcher ? t("areaRequired") : t("area")}
          name="dispatchArea"
          id="field-dispatchArea"
          options={isDispatcher ? areaOptions : [{ value: "", label: t("onlyDispatchers") }]}
          defaultValue={isDispatcher ? shown.dispatchArea : ""}
          key={isDispatcher ? "area" : "no-area"}
          disabled={roleLocked || !isDispatcher}
          required={isDispatcher}
          aria-invalid={errors.dispatchArea ? true : undefined}
          aria-describedby={errors.dispatchArea ? "area-error" : undefined}
        />
        {errors.dispatchArea && (
          <p id="area-error" className="text-sm text-red-700">
            {errors.dispatchArea.join(" ")}
          </p>
        )}
      </div>
      <FormFooter state={state} pending={pending} label={t("submit")} pendingLabel={t("pending")} />
    </form>
  );
}
