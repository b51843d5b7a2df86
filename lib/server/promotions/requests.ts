import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { promotionRequests, users } from "@/db/schema";
import { formatRole } from "@/lib/domain";
import type { OwnPromotionRequest, OwnPromotionState } from "@/lib/dto/promotions";
import { can } from "@/lib/permissions";
import { promotionTargetsFor, RequestPromotionInput } from "@/lib/schemas/promotions";
import { audit } from "../audit";
import { inTransaction } from "../db-errors";
import type { ServiceContext } from "../service";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { decider, REQUEST_FIELDS } from "./queries";

const DIRECTORY_MANAGED = "Your role follows your directory (LDAP) groups; ask IT to change your group instead.";

const pendingConflict = () =>
  new ConflictError("promotion_pending", "You already have a promotion request waiting for an admin. You can ask again once it is decided.").say({}, "admin_promotion_pending");

/** A user's newest request of one kind (pending, or decided) as they see it. */
async function newestRequest(db: Db, userId: string, pending: boolean): Promise<OwnPromotionRequest | null> {
  const status = pending ? eq(promotionRequests.status, "pending") : ne(promotionRequests.status, "pending");
  const [row] = await db
    .select(REQUEST_FIELDS)
    .from(promotionRequests)
    .leftJoin(decider, eq(decider.id, promotionRequests.decidedBy))
    .where(and(eq(promotionRequests.userId, userId), status))
    .orderBy(desc(pending ? promotionRequests.createdAt : promotionRequests.decidedAt), desc(promotionRequests.id))
    .limit(1);
  return row ?? null;
}

/** What /profile shows of promotions: the roles the user may ask for, a pending request, the last decision. */
export async function getOwnPromotionState(db: Db, userId: string): Promise<OwnPromotionState> {
  const [user] = await db.select({ role: users.role, authSource: users.authSource }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return { targets: [], blocked: null, pending: null, lastDecided: null };
  const [pending, lastDecided] = await Promise.all([newestRequest(db, userId, true), newestRequest(db, userId, false)]);
  const targets = can(user.role, "promotion:request") ? [...promotionTargetsFor(user.role)] : [];
  return {
    targets,
    blocked: targets.length > 0 && user.authSource === "ldap" ? DIRECTORY_MANAGED : null,
    pending,
    lastDecided,
  };
}

/**
 * A dispatcher or biller asks an admin for a higher role, with a reason. One pending request per
 * user: a second is refused (409 promotion_pending), also when two arrive at once (the partial
 * unique index decides; its refusal is mapped to the same 409).
 */
export async function requestPromotion(ctx: ServiceContext, input: unknown): Promise<OwnPromotionRequest> {
  if (!can(ctx.actor.role, "promotion:request")) throw new ForbiddenError();
  const { requestedRole, reason } = parseInput(RequestPromotionInput, input);
  const [user] = await ctx.db
    .select({ role: users.role, authSource: users.authSource, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, ctx.actor.id))
    .limit(1);
  if (!user || user.deletedAt) throw new NotFoundError("No such user.", "unknown_user").say({}, "admin_no_such_user");
  if (!promotionTargetsFor(user.role).includes(requestedRole)) {
    const message = `As ${formatRole(user.role).toLowerCase()} you cannot ask to become ${formatRole(requestedRole).toLowerCase()}.`;
    throw new ValidationError(message, { requestedRole: [message] }, "invalid_role").say({ role: user.role, requested: requestedRole }, "admin_promotion_invalid_role");
  }
  if (user.authSource === "ldap") throw new ConflictError("directory_managed", DIRECTORY_MANAGED).say({}, "admin_promotion_directory");
  const [waiting] = await ctx.db
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.userId, ctx.actor.id), eq(promotionRequests.status, "pending")))
    .limit(1);
  if (waiting) throw pendingConflict();

  return inTransaction(ctx.db, { promotion_requests_one_pending: pendingConflict }, async (tx) => {
    const [row] = await tx
      .insert(promotionRequests)
      .values({ userId: ctx.actor.id, fromRole: user.role, requestedRole, reason })
      .returning({
        id: promotionRequests.id,
        fromRole: promotionRequests.fromRole,
        requestedRole: promotionRequests.requestedRole,
        reason: promotionRequests.reason,
        status: promotionRequests.status,
        createdAt: promotionRequests.createdAt,
      });
    if (!row) throw new Error("insert into promotion_requests returned no row");
    await audit(tx, ctx, {
      action: "promotion_requested",
      entityType: "promotion_request",
      entityId: row.id,
      after: { fromRole: row.fromRole, requestedRole, reason },
    });
    return { ...row, decidedAt: null, decidedBy: null, decisionNote: null };
  });
}
