import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { bags, billBags, bills, links, scans, users } from "@/db/schema";
import type { BagChild, BagDetail, BagScanEvent } from "@/lib/dto/bags";
import { formatArea } from "@/lib/domain";
import { normalizeQr, parentKindOf } from "@/lib/qr";
import { ForbiddenError } from "../errors";
import { bagNotFound, findHiddenBag, hiddenBagSentence } from "./lookup";
import { areaFilter, bagColumns, capacityOf, qrIs, type BagViewer } from "./scope";

export const RECENT_SCANS_LIMIT = 50;

const creator = alias(users, "creator");
const finisher = alias(users, "finisher");
const holder = alias(bags, "holder");

/**
 * One bag with its parent or children, bill and recent scans, or null when the QR is unknown
 * or belongs to another area than a dispatcher's own (the same answer, so nothing leaks).
 */
export async function getBagDetail(db: Db, viewer: BagViewer, rawQr: string): Promise<BagDetail | null> {
  // Any stored QR is 4–20 characters (bags_qr_check); nothing else can match.
  const qr = normalizeQr(rawQr);
  if (qr.length < 4 || qr.length > 20) return null;
  // One statement for the bag, who created it, the parent holding it (only if the viewer may see
  // that parent) and the bill it travels on (its own as a parent, its parent's as a child).
  const [bag] = await db
    .select({
      ...bagColumns,
      createdAt: bags.createdAt,
      createdBy: creator.username,
      finishedAt: bags.finishedAt,
      finishedBy: finisher.username,
      finishReason: bags.finishReason,
      parentQr: holder.qr,
      parentStatus: holder.status,
      billNumber: bills.billNumber,
      billStatus: bills.status,
    })
    .from(bags)
    .leftJoin(creator, eq(creator.id, bags.createdBy))
    .leftJoin(finisher, eq(finisher.id, bags.finishedBy))
    .leftJoin(links, eq(links.childBagId, bags.id))
    .leftJoin(holder, and(eq(holder.id, links.parentBagId), areaFilter(viewer, holder.dispatchArea)))
    .leftJoin(billBags, eq(billBags.bagId, sql`case when ${bags.type} = 'parent' then ${bags.id} else ${holder.id} end`))
    .leftJoin(bills, eq(bills.id, billBags.billId))
    .where(and(qrIs(qr), areaFilter(viewer)))
    .limit(1);
  if (!bag) return null;

  const isParent = bag.type === "parent";
  const [children, recentScans] = await Promise.all([
    isParent ? listChildren(db, bag.id) : Promise.resolve([]),
    listRecentScans(db, bag.id, bag.type),
  ]);
  return {
    bag: {
      qr: bag.qr,
      type: bag.type,
      ...(isParent ? { parentKind: parentKindOf(bag.qr) } : {}),
      status: bag.status,
      childCount: bag.childCount,
      capacity: isParent ? capacityOf(bag) : null,
      dispatchArea: bag.dispatchArea,
      createdAt: bag.createdAt,
      createdBy: bag.createdBy,
    },
    parent: bag.parentQr !== null && bag.parentStatus !== null ? { qr: bag.parentQr, status: bag.parentStatus } : null,
    children,
    bill: bag.billNumber !== null && bag.billStatus !== null ? { billNumber: bag.billNumber, status: bag.billStatus } : null,
    finished: bag.finishedAt && bag.finishReason !== null ? { at: bag.finishedAt, by: bag.finishedBy, reason: bag.finishReason } : null,
    recentScans,
  };
}

/**
 * The detail; 403 wrong_area (as the scan station answers, nothing more) for another area's bag;
 * bag_not_found for an unknown one.
 */
export async function requireBagDetail(db: Db, viewer: BagViewer, rawQr: string): Promise<BagDetail> {
  const detail = await getBagDetail(db, viewer, rawQr);
  if (detail) return detail;
  const qr = normalizeQr(rawQr);
  const hidden = await findHiddenBag(db, viewer, qr);
  if (hidden) throw new ForbiddenError(hiddenBagSentence(hidden), "wrong_area").say({ qr: hidden.qr, area: formatArea(hidden.viewerArea) }, `bags_hidden_${hidden.reason}`);
  throw bagNotFound(qr);
}

/** In packing order; a parent holds at most 30 children. */
async function listChildren(db: Db, parentId: number): Promise<BagChild[]> {
  return db
    .select({ qr: bags.qr, linkedAt: links.createdAt, linkedBy: users.username })
    .from(links)
    .innerJoin(bags, eq(bags.id, links.childBagId))
    .leftJoin(users, eq(users.id, links.createdBy))
    .where(eq(links.parentBagId, parentId))
    .orderBy(asc(links.createdAt), asc(links.id));
}

/** A parent's events carry it as parent_bag_id, a child's as child_bag_id: one index each. */
async function listRecentScans(db: Db, bagId: number, type: "parent" | "child"): Promise<BagScanEvent[]> {
  const rows = await db
    .select({
      at: scans.createdAt,
      action: scans.action,
      result: scans.result,
      username: users.username,
      qr: scans.qr,
      undoneAt: scans.undoneAt,
    })
    .from(scans)
    .leftJoin(users, eq(users.id, scans.userId))
    .where(type === "parent" ? eq(scans.parentBagId, bagId) : eq(scans.childBagId, bagId))
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(RECENT_SCANS_LIMIT);
  return rows.map(({ undoneAt, ...rest }) => ({ ...rest, undone: undoneAt !== null }));
}
