import "server-only";
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { PORTAL_ROLE } from "./read";

/**
 * The portal's read-only role and its grants (the same as migration 0007's last step), applied at
 * every start on a real PostgreSQL: roles live in the cluster, not in a dump (backups are taken
 * with --no-privileges so they restore anywhere), so a database restored into another cluster gets
 * the role and its SELECT grants back here. Where the user may not create roles it says so and the
 * portal reads through the main connection (still read-only). Returns whether the role is ready.
 */
export async function ensurePortalRole(handle: DbHandle, log: (line: string) => void = console.log): Promise<boolean> {
  if (handle.kind !== "postgres") return false;
  try {
    await handle.rows(
      sql.raw(`DO $$
BEGIN
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PORTAL_ROLE}') THEN
      CREATE ROLE "${PORTAL_ROLE}" NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  EXECUTE 'GRANT SELECT ON "portal_bills", "portal_bill_parents", "portal_customers" TO "${PORTAL_ROLE}"';
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "${PORTAL_ROLE}"', current_schema());
  EXECUTE format('GRANT "${PORTAL_ROLE}" TO %I', current_user);
END $$`),
    );
    return true;
  } catch (err) {
    log(`[tracetrack] portal reads use the main connection: the ${PORTAL_ROLE} role could not be set up (${err instanceof Error ? err.message : String(err)})`);
    return false;
  }
}
