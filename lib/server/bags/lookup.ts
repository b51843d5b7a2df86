import "server-only";
import { and, asc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bags, bills } from "@/db/schema";
import type { LookupMatch } from "@/lib/dto/bags";
import { formatArea, type DispatchArea } from "@/lib/domain";
import { noBagMessage } from "@/lib/not-found";
import { displayQr } from "@/lib/qr";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { NotFoundError } from "../errors";
import { billNumberIs } from "../bills/bill-number";
import { areaFilter, qrIs, qrPrefixCondition, seesAllAreas, type BagViewer } from "./scope";

/** No bag with this QR (bag_not_found), worded as GET /api/bag/[qr] says it; `qr` is normalized. */
export function bagNotFound(qr: string): NotFoundError {
  return new NotFoundError(noBagMessage(qr), "bag_not_found").say({ qr: displayQr(qr) }, "bags_not_found");
}

export const CLOSE_MATCH_LIMIT = 10;
// A trigram index (bags_qr_trgm_idx) serves `like '%TERM%'` from 3 characters on; shorter terms
// get prefix matches only.
export const MIN_SUBSTRING_LENGTH = 3;

const matchColumns = { qr: bags.qr, type: bags.type, status: bags.status, dispatchArea: bags.dispatchArea };

/** The stored QR of a bag the viewer may see, matched case-insensitively; `qr` is normalized. */
export async function findVisibleBagQr(db: Db, viewer: BagViewer, qr: string): Promise<string | null> {
  const [row] = await db
    .select({ qr: bags.qr })
    .from(bags)
    .where(and(qrIs(qr), areaFilter(viewer)))
    .limit(1);
  return row?.qr ?? null;
}

/**
 * A bag the viewer may not see: its QR (as shown) and why — the viewer has no area yet, or the bag
 * is another area's, or no area's — with the viewer's own area.
 */
export interface HiddenBag {
  qr: string;
  reason: "viewer_no_area" | "other_area" | "no_area";
  viewerArea: DispatchArea | null;
}

/**
 * Why a bag the viewer may not see is hidden; null when no such bag exists or the viewer sees it.
 * Never names the bag's area.
 */
export async function findHiddenBag(db: Db, viewer: BagViewer, qr: string): Promise<HiddenBag | null> {
  if (seesAllAreas(viewer) || qr.length < 4 || qr.length > 20) return null;
  const [row] = await db.select({ area: bags.dispatchArea }).from(bags).where(qrIs(qr)).limit(1);
  if (!row || (viewer.dispatchArea && row.area === viewer.dispatchArea)) return null;
  const shown = displayQr(qr);
  if (!viewer.dispatchArea) return { qr: shown, reason: "viewer_no_area", viewerArea: null };
  // Staff (billers, admins) may make a parent outside any area: say so, not "another area".
  return { qr: shown, reason: row.area ? "other_area" : "no_area", viewerArea: viewer.dispatchArea };
}

/** A hidden bag in the scan station's words ("belongs to another dispatch area"): the API's English. */
export function hiddenBagSentence(hidden: HiddenBag): string {
  if (hidden.reason === "viewer_no_area") return `You have no dispatch area yet, so you cannot see bag ${hidden.qr}. Ask an admin to assign one.`;
  const where = hidden.reason === "other_area" ? "belongs to another dispatch area" : "belongs to no dispatch area";
  return `Bag ${hidden.qr} ${where}; you can see only ${formatArea(hidden.viewerArea)} bags.`;
}

/** findHiddenBag in words (hiddenBagSentence). */
export async function hiddenBagMessage(db: Db, viewer: BagViewer, qr: string): Promise<string | null> {
  const hidden = await findHiddenBag(db, viewer, qr);
  return hidden && hiddenBagSentence(hidden);
}

/** Up to 10 visible bags whose QR starts with `q`, then (if room) ones that contain it. */
export async function listCloseMatches(db: Db, viewer: BagViewer, q: string): Promise<LookupMatch[]> {
  const term = q.replace(/[^A-Z0-9-]/g, "");
  if (!term) return [];
  const scope = areaFilter(viewer);
  const prefix = await db
    .select(matchColumns)
    .from(bags)
    .where(and(qrPrefixCondition(term), scope))
    .orderBy(asc(sql`upper(${bags.qr})`))
    .limit(CLOSE_MATCH_LIMIT);
  if (prefix.length >= CLOSE_MATCH_LIMIT || term.length < MIN_SUBSTRING_LENGTH) return prefix;
  // The first 10 that contain the term hold at least 10 - p that do not start with it (p < 10
  // start with it, all listed above). Left to SQL, "contains but not starts with" would be
  // estimated as two independent conditions, and a walk in QR order could read every bag.
  const contains = await substringMatchesQuery(db, viewer, term, CLOSE_MATCH_LIMIT);
  const inside = contains.filter((m) => !m.qr.toUpperCase().startsWith(term)).slice(0, CLOSE_MATCH_LIMIT - prefix.length);
  return [...prefix, ...inside];
}

/**
 * Visible bags whose QR contains `term` (3+ of [A-Z0-9-]), in QR order. The planner reads a rare
 * term's matches from bags_qr_trgm_idx and sorts them, or walks bags_qr_ci_unique in order when
 * matches look common enough to meet `limit` early.
 */
export function substringMatchesQuery(db: Db, viewer: BagViewer, term: string, limit: number) {
  return db
    .select(matchColumns)
    .from(bags)
    .where(and(sql`upper(${bags.qr}) like ${`%${term}%`}`, areaFilter(viewer)))
    .orderBy(asc(sql`upper(${bags.qr})`))
    .limit(limit);
}

/**
 * The stored number of the bill `raw` names, in any case, or null. Only for users who may see
 * bills: the caller checks `bills:view` first.
 */
export async function findBillNumber(db: Db, raw: string): Promise<string | null> {
  const billNumber = normalizeBillNumber(raw);
  if (billNumberProblem(billNumber)) return null;
  const [row] = await db.select({ billNumber: bills.billNumber }).from(bills).where(billNumberIs(billNumber)).limit(1);
  return row?.billNumber ?? null;
}
