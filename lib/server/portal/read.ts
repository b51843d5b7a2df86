import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { selectRows } from "@/db/client";

/** The role the portal's reads run as where the database has it (migration 0007). */
export const PORTAL_ROLE = "tracetrack_portal";

const roleReady = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether this database can run portal reads as the read-only role: the role exists, the
 * connecting user may become it, and it may read the portal views. Asked once per connection pool.
 */
export function portalRoleAvailable(db: Db): Promise<boolean> {
  let ready = roleReady.get(db);
  if (!ready) {
    ready = selectRows<{ ok: boolean }>(
      db,
      sql`select case when exists (select 1 from pg_roles where rolname = ${PORTAL_ROLE})
                      then pg_has_role(current_user, ${PORTAL_ROLE}, 'MEMBER')
                           and has_table_privilege(${PORTAL_ROLE}, 'portal_bills', 'SELECT')
                      else false end as ok`,
    ).then(([row]) => row?.ok === true, () => false);
    roleReady.set(db, ready);
  }
  return ready;
}

/**
 * Runs the portal's reads (DESIGN.md §8): in a READ ONLY transaction and, on a PostgreSQL that has
 * the role, as `tracetrack_portal`, which may SELECT the three portal views and nothing else. So a
 * bug in a portal query can neither write nor read a table the views do not expose; without the
 * role (PGlite, or a user that may not create roles) the same views are read on the main
 * connection, still read-only. Scoping to the account's customers is the caller's WHERE clause.
 */
export async function portalRead<T>(db: Db, read: (tx: Tx) => Promise<T>): Promise<T> {
  const asRole = await portalRoleAvailable(db);
  return db.transaction(
    async (tx) => {
      if (asRole) await tx.execute(sql.raw(`set local role ${PORTAL_ROLE}`));
      return read(tx);
    },
    { accessMode: "read only" },
  );
}
