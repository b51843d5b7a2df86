import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { Role } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { type AuditMeta, writeAudit } from "../audit";
import { ForbiddenError } from "../errors";
import type { SessionPolicy } from "./session";

/** A session as the admin list shows it: identified by a hash, never by its token. */
export interface ActiveSession {
  id: string;
  userId: string;
  username: string;
  role: Role;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  current: boolean;
}

export interface SessionAdmin {
  id: string;
  username: string;
  role: Role;
}

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}

function assertSessionManager(actor: SessionAdmin): void {
  if (!can(actor.role, "sessions:manage")) throw new ForbiddenError();
}

/** Live sessions (inside both limits), most recently active first. */
export async function listActiveSessions(
  db: Db,
  policy: SessionPolicy,
  options: { username?: string; currentToken?: string; limit?: number } = {},
): Promise<ActiveSession[]> {
  const now = new Date();
  const rows = await db
    .select({
      token: sessions.sessionToken,
      userId: sessions.userId,
      username: users.username,
      role: users.role,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      expires: sessions.expires,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        gt(sessions.expires, now),
        gt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs)),
        options.username ? eq(sql`lower(${users.username})`, options.username.toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(sessions.expires))
    .limit(Math.min(options.limit ?? 500, 1000));
  return rows.map(({ token, expires, ...row }) => ({
    ...row,
    id: sessionIdOf(token),
    // The idle expiry is pushed forward on activity, so it tells when the user was last seen (±1 min).
    lastActiveAt: new Date(Math.max(row.createdAt.getTime(), expires.getTime() - policy.idleMs)),
    expiresAt: new Date(Math.min(expires.getTime(), row.createdAt.getTime() + policy.absoluteMs)),
    current: token === options.currentToken,
  }));
}

/** Ends one session of a user, named by its id (hash). False when it is already gone. */
export async function endSession(db: Db, actor: SessionAdmin, userId: string, id: string, meta: AuditMeta): Promise<boolean> {
  assertSessionManager(actor);
  const tokens = await db.select({ token: sessions.sessionToken, username: users.username }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.userId, userId));
  const match = tokens.find((t) => sessionIdOf(t.token) === id);
  if (!match) return false;
  const ended = await db.delete(sessions).where(eq(sessions.sessionToken, match.token)).returning({ userId: sessions.userId });
  if (ended.length === 0) return false;
  await writeAudit(db, {
    ...meta,
    action: "session_ended_by_admin",
    userId: actor.id,
    actor: actor.username,
    entityType: "user",
    entityId: userId,
    details: { username: match.username, sessionId: id },
    critical: true,
  });
  return true;
}

/** Ends every session of a user ("sign out everywhere"); returns how many ended. */
export async function endAllSessionsFor(db: Db, actor: SessionAdmin, userId: string, meta: AuditMeta): Promise<number> {
  assertSessionManager(actor);
  const ended = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  await writeAudit(db, {
    ...meta,
    action: "sessions_ended_by_admin",
    userId: actor.id,
    actor: actor.username,
    entityType: "user",
    entityId: userId,
    details: { sessionsEnded: ended.length },
    critical: true,
  });
  return ended.length;
}
