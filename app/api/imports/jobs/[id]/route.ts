import { readImportJobFor } from "@/lib/server/imports/jobs";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The progress of an import the caller started: {job:{id, phase, processed, total, kind, dryRun}}; 404 otherwise. */
export const GET = defineRoute<{ id: string }>({ permission: "data:import_export" }, async (ctx, { params }) => ({ job: await readImportJobFor(ctx, params.id) }));
