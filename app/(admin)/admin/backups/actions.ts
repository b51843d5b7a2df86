"use server";

import { revalidatePath } from "next/cache";
import type { AdminNotice } from "@/lib/dto/users";
import { formatBytes } from "@/lib/backups";
import { defineAction } from "@/lib/server/action";
import { backupNow } from "@/lib/server/backups/service";

/** "Back up now": a manual backup through the server's own connection (audited backup_created; 409 backup_running while one runs). */
export const backupNowAction = defineAction({ permission: "data:import_export" }, async (ctx): Promise<AdminNotice> => {
  const entry = await backupNow(ctx);
  revalidatePath("/admin/backups");
  return { message: `Backup ${entry.file} created: ${formatBytes(entry.sizeBytes)} in ${(entry.durationMs / 1000).toFixed(1)} s.` };
});
