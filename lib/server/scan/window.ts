import "server-only";
import { sql, type Column, type SQL } from "drizzle-orm";

/** How long a user may take back their own link or finish (admins: any age, scan:undo_any). */
export const UNDO_WINDOW_MINUTES = 60;

/** `at` lies inside the undo window, by the database's clock (the one that stamped it). */
export function withinUndoWindow(at: Column | SQL): SQL<boolean> {
  return sql<boolean>`${at} > now() - make_interval(mins => ${UNDO_WINDOW_MINUTES})`;
}
