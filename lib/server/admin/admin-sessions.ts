import "server-only";
import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { SessionPage } from "@/lib/dto/sessions";
import { can } from "@/lib/permissions";
import { SessionRef, UserSessionsRef } from "@/lib/schemas/auth";
import { audit } from "../audit";
import type { SessionPolicy } from "../auth/session";
import type { ServiceContext } from "../service";
import { ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { describeUserAgent } from "./user-agent";

/** The id a session is shown and ended by: a hash of its token, never the token itself. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}

function assertSessionManager(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "sessions:manage")) throw new ForbiddenError();
}

export const SESSION_PAGE_SIZE = 50;

/**
 * Live sessions (inside both limits), most recently active first, a page at a time (offset
 * paging: the live sessions are a few hundred at most, however many users there are).
 */
export async function listActiveSessions(
  db: Db,
  policy: SessionPolicy,
  options: { username?: string; currentToken?: string; page?: number; pageSize?: number } = {},
): Promise<SessionPage> {
  const now = new Date();
  const pageSize = Math.min(Math.max(options.pageSize ?? SESSION_PAGE_SIZE, 1), 200);
  const page = Math.max(options.page ?? 1, 1);
  const live = and(
    gt(sessions.expires, now),
    gt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs)),
    options.username ? eq(sql`lower(${users.username})`, options.username.toLowerCase()) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
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
      .where(live)
      // The token breaks ties so no session is shown twice or skipped between pages.
      .orderBy(desc(sessions.expires), asc(sessions.sessionToken))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(live),
  ]);
  const total = counted?.total ?? 0;
  return {
    rows: rows.map(({ token, expires, ...row }) => ({
      ...row,
      id: sessionIdOf(token),
      device: describeUserAgent(row.userAgent),
      // The idle expiry is pushed forward on activity, so it tells when the user was last seen (±1 min).
      lastActiveAt: new Date(Math.max(row.createdAt.getTime(), expires.getTime() - policy.idleMs)),
      expiresAt: new Date(Math.min(expires.getTime(), row.createdAt.getTime() + policy.absoluteMs)),
      current: token === options.currentToken,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

// Its own key: `session_ended` under errors is the signed-out reader's sentence.
const alreadyEnded = () => new NotFoundError("That session had already ended.", "session_ended").say({}, "admin_session_already_ended");

/** Ends one session of a user, named by its id (hash); refused when it is already gone. */
export async function endSession(ctx: ServiceContext, input: unknown): Promise<void> {
  assertSessionManager(ctx);
  const { db } = ctx;
  const { userId, sessionId } = parseInput(SessionRef, input);
  const tokens = await db
    .select({ token: sessions.sessionToken, username: users.username })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.userId, userId));
  const match = tokens.find((t) => sessionIdOf(t.token) === sessionId);
  if (!match) throw alreadyEnded();
  const ended = await db.delete(sessions).where(eq(sessions.sessionToken, match.token)).returning({ userId: sessions.userId });
  if (ended.length === 0) throw alreadyEnded();
  await audit(db, ctx, {
    action: "session_ended_by_admin",
    entityType: "user",
    entityId: userId,
    details: { username: match.username, sessionId },
    critical: true,
  });
}

/** Ends every session of a user ("sign out everywhere"); returns how many ended. */
export async function endAllSessionsFor(ctx: ServiceContext, input: unknown): Promise<number> {
  assertSessionManager(ctx);
  const { userId } = parseInput(UserSessionsRef, input);
  const ended = await ctx.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  await audit(ctx.db, ctx, {
    action: "sessions_ended_by_admin",
    entityType: "user",
    entityId: userId,
    details: { sessionsEnded: ended.length },
    critical: true,
  });
  return ended.length;
}
