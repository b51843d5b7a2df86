import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { bags, links, users } from "@/db/schema";
import type { ParentChildren } from "@/lib/dto/scan";
import { ParentChildrenInput } from "@/lib/schemas/scan";
import { areaFilter, qrIs } from "../bags/scope";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayScan } from "./access";
import { requireParentLabel } from "./labels";
import { notAParent, parentNotFound } from "./lock";
import { takeBackScope } from "./window";

/** The station's children panel shows this many, newest first (a parent holds at most 30). */
export const PARENT_CHILDREN_LIMIT = 50;

/**
 * The children on the station's current parent, newest first, with who packed each and whether
 * this actor may remove it (removeChild's rule: own within the undo window, or scan:undo_any).
 */
export async function listParentChildren(ctx: ServiceContext, input: unknown): Promise<ParentChildren> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const label = requireParentLabel(parseInput(ParentChildrenInput, input).parentQr);
  const [parent] = await db
    .select({ id: bags.id, qr: bags.qr, type: bags.type, childCount: bags.childCount })
    .from(bags)
    .where(and(qrIs(label.qr), areaFilter(actor)))
    .limit(1);
  if (!parent) throw parentNotFound(label.qr);
  if (parent.type !== "parent") throw notAParent(parent.qr);
  const scope = takeBackScope(actor, links.createdBy, links.createdAt);
  const removable = scope ? sql<boolean>`(${scope})` : sql<boolean>`true`;
  const rows = await db
    .select({ qr: bags.qr, linkedAt: links.createdAt, linkedBy: users.username, removable })
    .from(links)
    .innerJoin(bags, eq(bags.id, links.childBagId))
    .leftJoin(users, eq(users.id, links.createdBy))
    .where(eq(links.parentBagId, parent.id))
    .orderBy(desc(links.createdAt), desc(links.id))
    .limit(PARENT_CHILDREN_LIMIT);
  return {
    parentQr: parent.qr,
    childCount: parent.childCount,
    limit: PARENT_CHILDREN_LIMIT,
    children: rows.map((r) => ({ ...r, removable: r.removable === true })),
  };
}
