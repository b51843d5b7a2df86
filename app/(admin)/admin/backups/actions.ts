"use server";

import { revalidatePath } from "next/cache";
import type { AdminNotice } from "@/lib/dto/users";
import { formatBytes } from "@/lib/backups";
import { defineAction } from "@/lib/server/action";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { backupNow } from "@/lib/server/backups/service";

/** "Back up now": a manual backup through the server's own connection (audited backup_created; 409 backup_running while one runs). */
export const backupNowAction = defineAction({ permission: "data:import_export" }, async (ctx): Promise<AdminNotice> => {
  const entry = await backupNow(ctx);
  revalidatePath("/admin/backups");
  const { t } = await readerTranslator("admin.backups");
  return { message: t("created", { file: entry.file, size: formatBytes(entry.sizeBytes), seconds: (entry.durationMs / 1000).toFixed(1) }) };
});
