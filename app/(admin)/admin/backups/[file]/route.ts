import { backupDownload } from "@/lib/server/backups/service";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** A backup file listed in the manifest, streamed as an attachment (admins with 2FA; audited backup_downloaded). */
export const GET = defineRoute<{ file: string }>({ permission: "data:import_export" }, async (ctx, { params }) => backupDownload(ctx, params.file));
