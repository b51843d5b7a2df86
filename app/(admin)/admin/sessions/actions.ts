"use server";

import { revalidatePath } from "next/cache";
import type { AdminNotice } from "@/lib/dto/users";
import { formatCount } from "@/lib/format";
import { defineAction } from "@/lib/server/action";
import { endAllSessionsFor, endSession } from "@/lib/server/admin/admin-sessions";
import { readerTranslator } from "@/lib/server/admin/i18n";

const MANAGE_SESSIONS = { permission: "sessions:manage" } as const;

export const endSessionAction = defineAction(MANAGE_SESSIONS, async (ctx, userId: unknown, sessionId: unknown): Promise<AdminNotice> => {
  await endSession(ctx, { userId, sessionId });
  revalidatePath("/admin/sessions");
  const { t } = await readerTranslator("admin.sessions");
  return { message: t("ended") };
});

export const endAllSessionsForUserAction = defineAction(MANAGE_SESSIONS, async (ctx, userId: unknown): Promise<AdminNotice> => {
  const count = await endAllSessionsFor(ctx, { userId });
  revalidatePath("/admin/sessions");
  revalidatePath("/admin/users");
  const { locale, t } = await readerTranslator("admin.sessions");
  return { message: t("endedCount", { count, n: formatCount(count, locale) }) };
});
