import "server-only";
import { NextResponse } from "next/server";
import { AppError, ValidationError } from "../errors";
import { readBoundedBody } from "../http";
import { fileTooLarge, MAX_IMPORT_BODY_BYTES } from "./limits";
import { ImportRejected, runImport } from "./run";
import type { ServiceContext } from "../service";

/** The multipart body, read with a byte cap (a declared Content-Length past it is refused unread). */
async function readForm(req: Request): Promise<FormData> {
  const mediaType = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "multipart/form-data") {
    throw new AppError(415, "unsupported_media_type", "Send the file as multipart/form-data with the fields file, kind and dryRun.");
  }
  const body = await readBoundedBody(req, MAX_IMPORT_BODY_BYTES, fileTooLarge);
  if (!body) throw new ValidationError("Choose a file to import.", { file: ["Choose a file."] });
  try {
    return await new Response(body, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new ValidationError("The upload is not a well-formed multipart form.", { file: ["Upload the file again."] }, "invalid_form");
  }
}

const field = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** POST /api/imports: the form's fields to runImport; a rejected real run answers 409 with its rows. */
export async function importFromRequest(ctx: ServiceContext, req: Request): Promise<Response> {
  const form = await readForm(req);
  const file = form.get("file");
  if (!(file instanceof Blob)) {
    throw new ValidationError("Choose a file to import.", { file: ["Choose a file."] });
  }
  const fileName = file instanceof File ? file.name : "";
  try {
    const result = await runImport(ctx, {
      kind: field(form, "kind") ?? "",
      fileName,
      data: Buffer.from(await file.arrayBuffer()),
      dryRun: field(form, "dryRun") ?? "true",
      area: field(form, "area"),
      jobId: field(form, "jobId") || undefined,
    });
    return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (!(err instanceof ImportRejected)) throw err;
    return NextResponse.json(
      { error: { code: err.code, message: err.message }, ...err.result },
      { status: 409, headers: { "Cache-Control": "no-store" } },
    );
  }
}
