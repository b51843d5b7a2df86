import "server-only";
import { and, asc, count, desc, eq, isNull, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { promotionRequests, users } from "@/db/schema";
import type { PromotionRow } from "@/lib/dto/promotions";

export const DECIDED_SHOWN = 50;

export const decider = alias(users, "decider");

/** A request as its requester sees it on Profile; the admin list adds who asked. */
export const REQUEST_FIELDS = {
  id: promotionRequests.id,
  fromRole: promotionRequests.fromRole,
  requestedRole: promotionRequests.requestedRole,
  reason: promotionRequests.reason,
  status: promotionRequests.status,
  createdAt: promotionRequests.createdAt,
  decidedAt: promotionRequests.decidedAt,
  decidedBy: decider.username,
  decisionNote: promotionRequests.decisionNote,
};

function promotionRows(db: Db) {
  return db
    .select({
      ...REQUEST_FIELDS,
      userId: promotionRequests.userId,
      username: users.username,
      currentRole: users.role,
      dispatchArea: users.dispatchArea,
    })
    .from(promotionRequests)
    .innerJoin(users, eq(users.id, promotionRequests.userId))
    .leftJoin(decider, eq(decider.id, promotionRequests.decidedBy));
}

// A deleted (anonymised) requester's pending request cannot be decided; it is not listed.
const pendingOfLiveUsers = and(eq(promotionRequests.status, "pending"), isNull(users.deletedAt));

/** /admin/promotions: every pending request, oldest first (first come, first decided). */
export async function listPendingPromotions(db: Db): Promise<PromotionRow[]> {
  return promotionRows(db).where(pendingOfLiveUsers).orderBy(asc(promotionRequests.createdAt), asc(promotionRequests.id)).limit(500);
}

/** /admin/promotions: the newest decisions. */
export async function listDecidedPromotions(db: Db, limit = DECIDED_SHOWN): Promise<PromotionRow[]> {
  return promotionRows(db)
    .where(ne(promotionRequests.status, "pending"))
    .orderBy(desc(promotionRequests.decidedAt), desc(promotionRequests.id))
    .limit(limit);
}

/** How many requests wait for a decision (the admin home's card). */
export async function countPendingPromotions(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(promotionRequests).innerJoin(users, eq(users.id, promotionRequests.userId)).where(pendingOfLiveUsers);
  return row?.n ?? 0;
}
