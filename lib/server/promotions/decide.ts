import "server-only";
import { and, eq } from "drizzle-orm";
import { promotionRequests, users } from "@/db/schema";
import { formatRole } from "@/lib/domain";
import type { PromotionDecision } from "@/lib/dto/promotions";
import { can } from "@/lib/permissions";
import { DecidePromotionInput } from "@/lib/schemas/promotions";
import { audit } from "../audit";
import type { ServiceContext } from "../service";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { assignRole, lockUserRoles } from "../users/roles";
import { parseInput } from "../validation";
import { mailPromotionDecision } from "./mail";

const GONE = "That request could not be found. Reload the page.";

/**
 * An admin approves or rejects a pending promotion request, with an optional note. The request
 * is claimed by one conditional UPDATE (status still pending), so of two admins deciding at once
 * exactly one decides; the other gets 409 already_decided. Approving changes the role through
 * assignRole (its rules, its audit row, the requester's sessions end) in the same transaction,
 * so a refused role change leaves the request pending. The requester is mailed afterwards.
 */
export async function decidePromotion(ctx: ServiceContext, input: unknown): Promise<PromotionDecision> {
  if (!can(ctx.actor.role, "promotion:decide")) throw new ForbiddenError();
  const { requestId, decision, note } = parseInput(DecidePromotionInput, input);
  const status = decision === "approve" ? "approved" : "rejected";

  const decided = await ctx.db.transaction(async (tx) => {
    // assignRole takes this lock too; taken first here, so every path that holds both (role
    // changes, deletions touching requests) takes them in the same order.
    await lockUserRoles(tx);
    const [claimed] = await tx
      .update(promotionRequests)
      .set({ status, decidedBy: ctx.actor.id, decidedAt: new Date(), decisionNote: note ?? null })
      .where(and(eq(promotionRequests.id, requestId), eq(promotionRequests.status, "pending")))
      .returning({ userId: promotionRequests.userId, fromRole: promotionRequests.fromRole, requestedRole: promotionRequests.requestedRole });
    if (!claimed) {
      const [existing] = await tx.select({ status: promotionRequests.status }).from(promotionRequests).where(eq(promotionRequests.id, requestId)).limit(1);
      if (!existing) throw new NotFoundError(GONE, "unknown_request").say({}, "admin_promotion_gone");
      throw new ConflictError("already_decided", `This request was already ${existing.status}; the list now shows the decision.`).say({ status: existing.status }, "admin_promotion_decided");
    }
    const [requester] = await tx
      .select({ username: users.username, email: users.email, role: users.role, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, claimed.userId))
      .limit(1);
    if (!requester || requester.deletedAt) throw new NotFoundError("The requester's account no longer exists.", "unknown_user").say({}, "admin_requester_gone");
    if (decision === "approve") {
      // Approving a request made under another role would be a different change (even a demotion).
      if (requester.role !== claimed.fromRole) {
        throw new ConflictError(
          "role_changed",
          `${requester.username} is ${formatRole(requester.role).toLowerCase()} now, not ${claimed.fromRole} as when they asked; reject this request, or change the role under Users.`,
        ).say({ username: requester.username, role: requester.role, fromRole: claimed.fromRole }, "admin_promotion_role_changed");
      }
      // Billers and admins work across every area: the dispatcher's area goes.
      await assignRole(tx, ctx, claimed.userId, { role: claimed.requestedRole, dispatchArea: null, reason: `promotion request #${requestId}` });
    }
    await audit(tx, ctx, {
      action: decision === "approve" ? "promotion_approved" : "promotion_rejected",
      entityType: "promotion_request",
      entityId: requestId,
      before: { status: "pending" },
      after: { status, note: note ?? null },
      details: { username: requester.username, userId: claimed.userId, fromRole: claimed.fromRole, requestedRole: claimed.requestedRole },
      critical: decision === "approve",
    });
    return { requester, requestedRole: claimed.requestedRole };
  });

  const { requester, requestedRole } = decided;
  const mail = !requester.email
    ? "no_email"
    : (await mailPromotionDecision(ctx.db, { to: requester.email, username: requester.username, status, requestedRole, note: note ?? null, decidedBy: ctx.actor.username }))
      ? "sent"
      : "failed";
  return { id: requestId, username: requester.username, status, requestedRole, mail };
}
