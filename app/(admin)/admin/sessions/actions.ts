"use server";

import { revalidatePath } from "next/cache";
import type { AdminNotice } from "@/lib/dto/users";
import { defineAction } from "@/lib/server/action";
import { endAllSessionsFor, endSession } from "@/lib/server/admin/admin-sessions";

const MANAGE_SESSIONS = { permission: "sessions:manage" } as const;

export const endSessionAction = defineAction(MANAGE_SESSIONS, async (ctx, userId: unknown, sessionId: unknown): Promise<AdminNotice> => {
  await endSession(ctx, { userId, sessionId });
  revalidatePath("/admin/sessions");
  return { message: "Session ended." };
});

export const endAllSessionsForUserAction = defineAction(MANAGE_SESSIONS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const count = await endAllSessionsFor(ctx, { userId });
  revalidatePath("/admin/sessions");
  revalidatePath("/admin/users");
  return { message: `${count} session${count === 1 ? "" : "s"} ended.` };
});
