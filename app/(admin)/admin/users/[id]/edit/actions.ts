"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formFields } from "@/lib/form-state";
import { NEW_USER_FIELDS, type AdminNotice, type NewUserEcho } from "@/lib/dto/users";
import { userDeletedHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import { readerTranslator } from "@/lib/server/admin/i18n";
import type { Access } from "@/lib/server/context";
import { deleteUser } from "@/lib/server/users/anonymise";
import { updateUser } from "@/lib/server/users/edit";

const MANAGE_USERS: Access = { permission: "users:manage", limit: "default" };
// Enough for any acceptable value (an email is at most 254); a pasted page is not sent back whole.
const ECHO_MAX = 254;

/** Which field a refusal belongs under, so it is read out next to what caused it. */
const FIELD_OF_CODE = {
  duplicate_username: "username",
  duplicate_email: "email",
  own_role: "role",
  last_admin: "role",
  directory_managed: "role",
  area_full: "dispatchArea",
  area_required: "dispatchArea",
};

function echoEdit(form: unknown): NewUserEcho {
  const values = formFields(form, NEW_USER_FIELDS);
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}

/** Saves the edit form: only the fields it sent (a disabled role select sends none). */
export const updateUserAction = defineAction(
  MANAGE_USERS,
  async (ctx, userId: unknown, _prev: unknown, form: unknown): Promise<AdminNotice> => {
    const user = await updateUser(ctx, { ...formFields(form, NEW_USER_FIELDS), userId });
    // The list, this page and the user's own page all show what changed.
    revalidatePath("/admin/users", "layout");
    const { t } = await readerTranslator("users.notices");
    return { message: t("saved", { username: user.username }) };
  },
  { form: { fieldOfCode: FIELD_OF_CODE }, echo: (_id, _prev, form) => echoEdit(form) },
);

/** Deletes (anonymises) the user once their username is typed again, then back to the list. */
export const deleteUserAction = defineAction(
  MANAGE_USERS,
  async (ctx, userId: unknown, _prev: unknown, form: unknown): Promise<AdminNotice> => {
    const { pseudonym } = await deleteUser(ctx, { userId, confirm: formFields(form, ["confirm"]).confirm ?? "" });
    revalidatePath("/admin/users");
    redirect(userDeletedHref(pseudonym));
  },
  { form: {} },
);
