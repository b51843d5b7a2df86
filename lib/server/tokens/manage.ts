import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { ApiTokenRow, ApiTokenStatus, IssuedApiToken } from "@/lib/dto/tokens";
import { can } from "@/lib/permissions";
import { API_TOKEN_MAX_YEARS, ApiTokenId, IssueApiTokenInput } from "@/lib/schemas/tokens";
import { audit } from "../audit";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { newApiToken } from "./secret";

// The admin's verbs on API tokens (DESIGN.md §6b): issue (shown once), list (never a secret or
// hash), revoke. Each checks `tokens:manage` itself; the guards in front also demand 2FA. The
// contract's roles are the table's scopes: the insert and the list type-check both ways.

const YEAR_MS = 365.25 * 24 * 3_600_000;

function assertManager(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "tokens:manage")) throw new ForbiddenError();
}

function statusOf(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiTokenStatus {
  if (row.revokedAt) return "revoked";
  return row.expiresAt && row.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/**
 * Issues a token acting in the caller's name within `role` (and `area` for a dispatcher). Only an
 * admin with 2FA issues any, and never with a token: one leaked token must not mint others.
 */
export async function issueApiToken(ctx: ServiceContext, input: unknown, now = new Date()): Promise<IssuedApiToken> {
  assertManager(ctx);
  if (ctx.actor.apiToken) {
    throw new ForbiddenError("Issue API tokens from a signed-in session, not with another token.", "session_required").say({}, "admin_token_session_required");
  }
  const data = parseInput(IssueApiTokenInput, input);
  if (data.expiresAt && data.expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError("The expiry must be in the future.", { expiresAt: ["The expiry must be in the future."] }).say({}, "admin_token_expiry_past");
  }
  if (data.expiresAt && data.expiresAt.getTime() > now.getTime() + API_TOKEN_MAX_YEARS * YEAR_MS) {
    const message = `The expiry must be within ${API_TOKEN_MAX_YEARS} years; leave it empty for a token that does not expire.`;
    throw new ValidationError(message, { expiresAt: [message] }).say({ years: API_TOKEN_MAX_YEARS }, "admin_token_expiry_too_far");
  }
  return ctx.db.transaction(async (tx) => {
    const [issuer] = await tx
      .select({ role: users.role, totpEnabled: users.totpEnabled })
      .from(users)
      .where(and(eq(users.id, ctx.actor.id), isNull(users.deactivatedAt), isNull(users.deletedAt)));
    if (issuer?.role !== "admin") throw new ForbiddenError();
    // The guards already refuse an admin without 2FA; a token acting as admin needs it most of all.
    if (!issuer.totpEnabled) throw new ForbiddenError("Turn on two-factor authentication before issuing API tokens.", "2fa_required").say({}, "admin_token_2fa_required");
    // 48 bits of prefix collide about never; a second draw covers the once-in-the-universe case.
    for (let attempt = 0; attempt < 3; attempt++) {
      const secret = newApiToken();
      const [row] = await tx
        .insert(apiTokens)
        .values({
          name: data.name,
          prefix: secret.prefix,
          tokenHash: secret.hash,
          scope: data.role,
          dispatchArea: data.role === "dispatcher" ? (data.area ?? null) : null,
          issuedBy: ctx.actor.id,
          createdAt: now,
          expiresAt: data.expiresAt ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: apiTokens.id });
      if (!row) continue;
      const after = { name: data.name, prefix: secret.prefix, role: data.role, area: data.area ?? null, expiresAt: data.expiresAt ?? null };
      await audit(tx, ctx, { action: "api_token_created", entityType: "api_token", entityId: row.id, after, critical: true });
      return { token: secret.token, id: row.id, prefix: secret.prefix };
    }
    throw new Error("issueApiToken: no unique token after 3 draws");
  });
}

/** Every token, newest first, with its issuer's username and status; never the secret or its hash. */
export async function listApiTokens(ctx: ServiceContext, now = new Date()): Promise<ApiTokenRow[]> {
  assertManager(ctx);
  const t = apiTokens;
  const rows = await ctx.db
    .select({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      role: t.scope,
      area: t.dispatchArea,
      issuedBy: users.username,
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      lastUsedAt: t.lastUsedAt,
      lastUsedIp: t.lastUsedIp,
      revokedAt: t.revokedAt,
    })
    .from(t)
    .innerJoin(users, eq(users.id, t.issuedBy))
    .orderBy(desc(t.createdAt), desc(t.id));
  return rows.map((row) => ({ ...row, status: statusOf(row, now) }));
}

/**
 * Revokes every live token `issuerId` issued, inside the caller's transaction (an admin demoted
 * or deleted: their tokens act in their name). Returns how many.
 */
export async function revokeTokensIssuedBy(tx: Db | Tx, issuerId: string, revokedBy: string | null, now = new Date()): Promise<number> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy })
    .where(and(eq(apiTokens.issuedBy, issuerId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

/**
 * Revokes a token for good: from the moment this returns no request with it is let in. Revoking
 * a revoked token is done already (no second audit row); an unknown id is 404.
 */
export async function revokeApiToken(ctx: ServiceContext, input: unknown, now = new Date()): Promise<{ revoked: boolean }> {
  assertManager(ctx);
  const { id } = parseInput(ApiTokenId, input);
  return ctx.db.transaction(async (tx) => {
    // One statement decides: of two revokes at once the second waits for the row and finds it revoked.
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: ctx.actor.id })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, role: apiTokens.scope, area: apiTokens.dispatchArea });
    if (!revoked) {
      const [known] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, id));
      if (!known) throw new NotFoundError("No such API token.", "token_not_found").say({}, "admin_token_not_found");
      return { revoked: false };
    }
    await audit(tx, ctx, {
      action: "api_token_revoked",
      entityType: "api_token",
      entityId: revoked.id,
      details: { name: revoked.name, prefix: revoked.prefix, role: revoked.role, area: revoked.area },
      critical: true,
    });
    return { revoked: true };
  });
}
