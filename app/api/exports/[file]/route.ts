import { parseExportFile } from "@/lib/schemas/exports";
import { NotFoundError } from "@/lib/server/errors";
import { EXPORT_PERMISSION, exportResponse, type ExportPermission } from "@/lib/server/exports/stream";
import { decodeSegment, defineRoute, withErrors } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The export behind one permission's guards (the name was checked by GET already; exportResponse checks the permission again). */
const serve = (permission: ExportPermission) =>
  defineRoute<{ file: string }>({ permission }, async (ctx, { req, params }) => {
    const file = parseExportFile(params.file);
    if (!file) throw new NotFoundError("No such export.");
    return exportResponse(ctx, file.what, file.format, new URL(req.url).searchParams);
  });
const BY_PERMISSION: Record<ExportPermission, ReturnType<typeof serve>> = {
  "bills:view": serve("bills:view"),
  "data:import_export": serve("data:import_export"),
};
// Typed to take the request, so withErrors counts it against the api limit like every route.
const unknownFile: (req: Request) => Promise<Response> = withErrors(async () => {
  throw new NotFoundError("No such export: ask for bags, links, scans, bills or audit as .csv or .xlsx.");
});

/** GET /api/exports/<bags|links|scans|bills|audit>.<csv|xlsx>?<the list's filters>: a streamed file (bills: billers too). */
export async function GET(req: Request, segment: { params: Promise<{ file: string }> }): Promise<Response> {
  // The name is checked first: an unknown one is a 404 before any guard or database call.
  const file = parseExportFile(decodeSegment((await segment.params).file));
  if (!file) return unknownFile(req);
  return BY_PERMISSION[EXPORT_PERMISSION[file.what]](req, segment);
}
