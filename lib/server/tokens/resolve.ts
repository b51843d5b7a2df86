import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { hotSql, selectRows, type Db } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { TokenScope } from "@/db/schema/access";
import type { DispatchArea, Role } from "@/lib/domain";
import { writeAudit } from "../audit";
import type { SessionUser } from "../auth/session";
import { AppError } from "../errors";
import { hashApiToken, isApiTokenShape, TOKEN_PREFIX_LENGTH } from "./secret";

// `Authorization: Bearer tt_…` on a JSON route (lib/server/auth/session.ts asks here): the token
// acts as its issuing admin, within its scope. Every refusal is the same 401, whatever the cause.

export const INVALID_TOKEN_MESSAGE = "Invalid or expired API token.";

export function invalidTokenError(): AppError {
  return new AppError(401, "invalid_token", INVALID_TOKEN_MESSAGE);
}

/** last_used_at/ip are written at most this often per token, so a scanner's loop stays reads. */
export const LAST_USED_EVERY_MS = 60_000;

type Refusal = "malformed" | "unknown" | "revoked" | "expired" | "issuer_inactive" | "issuer_not_admin" | "issuer_without_2fa";

interface TokenRow extends Record<string, unknown> {
  token_id: string;
  prefix: string;
  scope: TokenScope;
  dispatch_area: DispatchArea | null;
  created_ms: number;
  expires_ms: number | null;
  revoked: boolean;
  last_used_ms: number | null;
  user_id: string;
  username: string;
  role: Role;
  totp_enabled: boolean;
  inactive: boolean;
}

const t = apiTokens;
const u = users;

function refusalOf(row: TokenRow | undefined, now: Date): Refusal | null {
  if (!row) return "unknown";
  if (row.revoked) return "revoked";
  if (row.expires_ms !== null && row.expires_ms <= now.getTime()) return "expired";
  // The token acts in its issuer's name: only while they are an active admin (with 2FA for an admin scope).
  if (row.inactive) return "issuer_inactive";
  if (row.role !== "admin") return "issuer_not_admin";
  if (row.scope === "admin" && !row.totp_enabled) return "issuer_without_2fa";
  return null;
}

// A flood of bad tokens must not fill the audit log: one row per prefix and reason a minute, and
// at most REFUSALS_PER_MINUTE rows a minute in this process whatever the prefixes.
const REFUSAL_WINDOW_MS = 60_000;
const REFUSALS_PER_MINUTE = 30;
// Kept on globalThis like the limiter: Next may load this module once per route bundle.
const globalForRefusals = globalThis as typeof globalThis & { __tracetrackTokenRefusals?: { startMs: number; seen: Set<string> } };

function claimRefusalAudit(key: string, nowMs: number): boolean {
  const refusalWindow = (globalForRefusals.__tracetrackTokenRefusals ??= { startMs: 0, seen: new Set() });
  if (Math.abs(nowMs - refusalWindow.startMs) >= REFUSAL_WINDOW_MS) {
    refusalWindow.startMs = nowMs;
    refusalWindow.seen.clear();
  }
  if (refusalWindow.seen.has(key) || refusalWindow.seen.size >= REFUSALS_PER_MINUTE) return false;
  refusalWindow.seen.add(key);
  return true;
}

async function auditRefusal(db: Db, meta: TokenRequestMeta, now: Date, reason: Refusal, prefix: string | null, tokenId?: string) {
  if (!claimRefusalAudit(`${prefix ?? ""}:${reason}`, now.getTime())) return;
  await writeAudit(db, {
    action: "api_token_refused",
    entityType: tokenId ? "api_token" : undefined,
    entityId: tokenId,
    details: { prefix, reason },
    ip: meta.ip,
    requestId: meta.requestId,
  });
}

export interface TokenRequestMeta {
  ip: string | null;
  requestId: string | null;
}

/**
 * The user a bearer credential acts as, or the 401 `invalid_token` (malformed, unknown, revoked,
 * expired, or its issuer no longer an active admin). Read fresh on every request: once a revoke
 * has returned, no request with the token gets in.
 */
export async function resolveApiToken(db: Db, credential: string | null, meta: TokenRequestMeta, now = new Date()): Promise<SessionUser> {
  if (credential === null || !isApiTokenShape(credential)) {
    await auditRefusal(db, meta, now, "malformed", null);
    throw invalidTokenError();
  }
  const [row] = await selectRows<TokenRow>(
    db,
    hotSql`select ${t.id} as token_id, ${t.prefix} as prefix, ${t.scope} as scope, ${t.dispatchArea} as dispatch_area,
                  (extract(epoch from ${t.createdAt}) * 1000)::float8 as created_ms,
                  (extract(epoch from ${t.expiresAt}) * 1000)::float8 as expires_ms,
                  ${t.revokedAt} is not null as revoked,
                  (extract(epoch from ${t.lastUsedAt}) * 1000)::float8 as last_used_ms,
                  ${u.id} as user_id, ${u.username} as username, ${u.role} as role, ${u.totpEnabled} as totp_enabled,
                  (${u.deactivatedAt} is not null or ${u.deletedAt} is not null) as inactive
             from ${t} join ${u} on ${u.id} = ${t.issuedBy}
            where ${t.tokenHash} = ${hashApiToken(credential)}
            limit 1`,
  );
  const refusal = refusalOf(row, now);
  if (refusal || !row) {
    await auditRefusal(db, meta, now, refusal ?? "unknown", credential.slice(0, TOKEN_PREFIX_LENGTH), row?.token_id);
    throw invalidTokenError();
  }
  if (row.last_used_ms === null || now.getTime() - row.last_used_ms >= LAST_USED_EVERY_MS) {
    const stale = new Date(now.getTime() - LAST_USED_EVERY_MS);
    // Conditional, so concurrent first requests write once.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now, lastUsedIp: meta.ip })
      .where(and(eq(apiTokens.id, row.token_id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
  const readOnly = row.scope === "readonly";
  return {
    id: row.user_id,
    username: row.username,
    // A read-only token reads what a biller reads (every area); contextForRequest refuses its writes.
    role: row.scope === "readonly" ? "biller" : row.scope,
    dispatchArea: row.dispatch_area,
    totpEnabled: row.scope === "admin",
    mustChangePassword: false,
    // No cookie session: nothing about "this session" (sign-out, extend, change password) applies.
    sessionToken: "",
    sessionCreatedAt: new Date(row.created_ms),
    sessionExpiresAt: new Date(row.expires_ms ?? 8.64e15),
    apiToken: { id: row.token_id, prefix: row.prefix, readOnly },
  };
}
