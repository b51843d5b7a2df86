import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { RequestMeta } from "../service";

/** Why a sign-in failed, or how a successful one got in (the analytics read both). */
export type LoginEventReason =
  | "unknown_user"
  | "bad_password"
  | "locked"
  | "deactivated"
  | "second_factor"
  /** The directory knows them, but their groups (or a rule here) let them in as nothing. */
  | "not_permitted"
  | "password"
  | "totp"
  | "backup_code";

export interface LoginEvent {
  userId: string | null;
  identifier: string;
  success: boolean;
  reason: LoginEventReason;
}

/**
 * One row of login_events (DESIGN.md §8 usage analytics): every sign-in that ended in a session
 * (success) and every refused attempt, with IP and browser. The role is copied from the user row
 * as it is now, so a later role change does not rewrite who signed in as what.
 */
export async function recordLoginEvent(conn: Db | Tx, meta: RequestMeta, event: LoginEvent): Promise<void> {
  const identifier = event.identifier.slice(0, 254);
  const userAgent = meta.userAgent?.slice(0, 512) ?? null;
  await conn.execute(sql`
    insert into login_events (user_id, role, identifier, success, reason, ip, user_agent)
    values (${event.userId}, (select role from users where id = ${event.userId}), ${identifier}, ${event.success}, ${event.reason}, ${meta.ip}, ${userAgent})`);
}
