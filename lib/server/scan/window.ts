import "server-only";
import { and, eq, sql, type Column, type SQL } from "drizzle-orm";
import { can } from "@/lib/permissions";
import type { Actor } from "../service";

/** How long a user may take back their own link or finish (admins: any age, scan:undo_any). */
export const UNDO_WINDOW_MINUTES = 60;

/** `at` lies inside the undo window, by the database's clock (the one that stamped it). */
export function withinUndoWindow(at: Column | SQL): SQL<boolean> {
  return sql<boolean>`${at} > now() - make_interval(mins => ${UNDO_WINDOW_MINUTES})`;
}

/*
 * The one take-back rule of undo, remove and reopen: a link (or a finish) can be taken back by
 * the user who made it within the undo window, or by anyone with scan:undo_any (admins).
 */

/** In SQL over the row's author and time; undefined when the actor may take back any row. */
export function takeBackScope(actor: Actor, by: Column, at: Column): SQL | undefined {
  return can(actor.role, "scan:undo_any") ? undefined : and(eq(by, actor.id), withinUndoWindow(at));
}

/** For a row already read: who made it and whether that was inside the undo window. */
export function mayTakeBack(actor: Actor, made: { byId: string | null; recent: boolean }): boolean {
  return can(actor.role, "scan:undo_any") || (made.byId === actor.id && made.recent);
}
