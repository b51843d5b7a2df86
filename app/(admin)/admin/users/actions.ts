"use server";

import { revalidatePath } from "next/cache";
import { NEW_USER_FIELDS, type AdminNotice, type NewAccount, type NewUserEcho } from "@/lib/dto/users";
import { defineAction } from "@/lib/server/action";
import { createUserWithTemporaryPassword, sendResetLinkFor, setTemporaryPassword, unlockUser } from "@/lib/server/admin/admin-users";
import { readerTranslator } from "@/lib/server/admin/i18n";
import type { Access } from "@/lib/server/context";
import { formFields } from "@/lib/form-state";

// Every user operation is admin-only and counts against the admin's "default" budget.
const MANAGE_USERS: Access = { permission: "users:manage", limit: "default" };

// Enough for any acceptable value (an email is at most 254); a pasted page is not sent back whole.
const ECHO_MAX = 254;

/** A refused new-user form keeps what was typed: only the form's own fields, each cut short. */
function echoNewUser(form: unknown): NewUserEcho {
  const values = formFields(form, NEW_USER_FIELDS);
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}

export const createUserAction = defineAction(
  MANAGE_USERS,
  async (ctx, _prev: unknown, form: unknown): Promise<NewAccount> => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(ctx, formFields(form));
    revalidatePath("/admin/users");
    const { t } = await readerTranslator("users.notices");
    return { message: t("created", { username }), username, temporaryPassword };
  },
  { form: { fieldOfCode: { duplicate_user: "username", area_full: "dispatchArea" } }, echo: (_prev, form) => echoNewUser(form) },
);

export const unlockUserAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username } = await unlockUser(ctx, { userId });
  revalidatePath("/admin/users");
  const { t } = await readerTranslator("users.notices");
  return { message: t("unlocked", { username }) };
});

export const setTemporaryPasswordAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username, temporaryPassword } = await setTemporaryPassword(ctx, { userId });
  revalidatePath("/admin/users");
  const { t } = await readerTranslator("users.notices");
  return { message: t("temporaryPassword", { username }), temporaryPassword };
});

export const sendResetLinkAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username } = await sendResetLinkFor(ctx, { userId });
  const { t } = await readerTranslator("users.notices");
  return { message: t("resetLinkSent", { username }) };
});
