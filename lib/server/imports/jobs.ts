import "server-only";
import type { ImportJob } from "@/lib/dto/imports";
import { NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { readImportJob } from "./progress";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's own import job `id` (a malformed id, another admin's job or an expired one: 404). */
export async function readImportJobFor(ctx: ServiceContext, id: string): Promise<ImportJob> {
  const job = UUID.test(id) ? await readImportJob(id.toLowerCase(), ctx.actor.id) : null;
  if (!job) throw new NotFoundError("No such import job (it may have finished more than ten minutes ago).", "job_not_found");
  return job;
}
