"use server";

import { revalidatePath } from "next/cache";
import type { AdminNotice, NewAccount } from "@/lib/dto/users";
import { defineAction } from "@/lib/server/action";
import { createUserWithTemporaryPassword, sendResetLinkFor, setTemporaryPassword, unlockUser } from "@/lib/server/admin/admin-users";
import type { Access } from "@/lib/server/context";
import { formFields } from "@/lib/form-state";

// Every user operation is admin-only and counts against the admin's "default" budget.
const MANAGE_USERS: Access = { permission: "users:manage", limit: "default" };

export const createUserAction = defineAction(
  MANAGE_USERS,
  async (ctx, _prev: unknown, form: unknown): Promise<NewAccount> => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(ctx, formFields(form));
    revalidatePath("/admin/users");
    return { message: `User ${username} created.`, username, temporaryPassword };
  },
  { form: { fieldOfCode: { duplicate_user: "username" } } },
);

export const unlockUserAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username } = await unlockUser(ctx, { userId });
  revalidatePath("/admin/users");
  return { message: `${username} is unlocked and can sign in again.` };
});

export const setTemporaryPasswordAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username, temporaryPassword } = await setTemporaryPassword(ctx, { userId });
  revalidatePath("/admin/users");
  return {
    message: `Temporary password for ${username} (shown once; it must be changed at the next sign-in, and their sessions were ended):`,
    temporaryPassword,
  };
});

export const sendResetLinkAction = defineAction(MANAGE_USERS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const { username } = await sendResetLinkFor(ctx, { userId });
  return { message: `A one-hour reset link was mailed to ${username}.` };
});
