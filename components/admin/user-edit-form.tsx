"use client";

import { useActionState, useState } from "react";
import { updateUserAction } from "@/app/(admin)/admin/users/[id]/edit/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, formatArea, formatRole, STAFF_ROLES } from "@/lib/domain";
import type { EditableUser, NewUserEcho } from "@/lib/dto/users";
import { FormFooter } from "@/components/ui/form-footer";

const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ value: r, label: formatRole(r) }));
const AREA_OPTIONS = [{ value: "", label: "— choose an area —" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))];
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
  const [role, setRole] = useState(shown.role);
  const isDispatcher = role === "dispatcher";
  const roleHint = directory ? "Role follows directory groups." : isSelf ? "You cannot change your own role; ask another admin." : undefined;
  return (
    <form action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate data-testid="user-edit-form">
      <Field
        label="Username"
        name="username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={64}
        defaultValue={shown.username}
        readOnly={directory}
        hint={directory ? "The directory sets the username." : undefined}
        errors={errors.username}
      />
      <Field label="Email" name="email" type="email" autoComplete="off" maxLength={254} defaultValue={shown.email} hint="Leave empty for no email (no reset links)." errors={errors.email} />
      <div className="flex flex-col gap-1">
        <SelectField
          label="Role"
          name="role"
          options={ROLE_OPTIONS}
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
          label={isDispatcher ? "Dispatch area (required)" : "Dispatch area"}
          name="dispatchArea"
          id="field-dispatchArea"
          options={isDispatcher ? AREA_OPTIONS : [{ value: "", label: "— only for dispatchers —" }]}
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
      <FormFooter state={state} pending={pending} label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
