import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, scans, SCAN_ACTIONS } from "@/db/schema";
import { formatArea, type BagStatus, type DispatchArea, type Role } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { classifyQr, displayQr, normalizeQr, parentSpecOf, type ParentKind } from "@/lib/qr";
import { AppError, ConflictError, ForbiddenError, ValidationError } from "../errors";
import type { ScanActor } from "./types";

export type Conn = Db | Tx;
type ScanAction = (typeof SCAN_ACTIONS)[number];

/** Every scan needs the pack permission, and a dispatcher needs an area to scan into. */
export function assertMayScan(actor: ScanActor): void {
  if (!can(actor.role, "scan:pack")) throw new ForbiddenError("Your role cannot scan bags.");
  if (!can(actor.role, "bags:view_all_areas") && !actor.dispatchArea) {
    throw new ForbiddenError("You have no dispatch area yet. Ask an admin to assign one before scanning.", "no_area");
  }
}

/** Dispatchers see only their area's bags; billers and admins see all. Goes into WHERE. */
export function areaFilter(viewer: { role: Role; dispatchArea: DispatchArea | null }): SQL | undefined {
  if (can(viewer.role, "bags:view_all_areas")) return undefined;
  return viewer.dispatchArea ? eq(bags.dispatchArea, viewer.dispatchArea) : sql`false`;
}

/** Matches the case-insensitive unique index bags_qr_ci_unique; `qr` is already normalized. */
export function qrIs(qr: string): SQL {
  return sql`upper(${bags.qr}) = ${qr}`;
}

export function parentKindOf(qr: string): ParentKind {
  return qr.startsWith("M444-") ? "M444" : "SB";
}

export function capacityOf(parent: { qr: string; capacity: number | null }): number {
  return parent.capacity ?? parentSpecOf(parent.qr).capacity;
}

export function invalidQr(message: string): ValidationError {
  return new ValidationError(message, undefined, "invalid_qr");
}

/** A parent label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireParentLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label.message);
  if (label.kind === "child") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(label.qr)} is a child label, not a parent. Scan a parent label (SB12345 or M444-12345).`,
    );
  }
  return label;
}

/** A child label, or invalid_qr / wrong_type explaining what was scanned instead. */
export function requireChildLabel(raw: string) {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label.message);
  if (label.kind === "parent") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(label.qr)} is a parent label; a parent cannot go inside another parent. Scan a child label.`,
    );
  }
  return label;
}

export function wrongAreaError(what: "Parent" | "Child", qr: string, actor: ScanActor): ForbiddenError {
  return new ForbiddenError(
    `${what} ${displayQr(qr)} belongs to another dispatch area; you can scan only ${formatArea(actor.dispatchArea)} bags.`,
    "wrong_area",
  );
}

export interface LockedParent {
  id: number;
  qr: string;
  type: "parent" | "child";
  status: BagStatus;
  childCount: number;
  capacity: number | null;
  dispatchArea: DispatchArea | null;
}

/**
 * Locks the parent row for the rest of the transaction, so scans and undos on one parent run
 * one at a time. NO KEY UPDATE serialises them like FOR UPDATE but does not block the foreign
 * key checks of bill_bags inserts, which only need KEY SHARE.
 */
export async function lockParent(tx: Tx, actor: ScanActor, qr: string): Promise<LockedParent | undefined> {
  const [row] = await tx
    .select({
      id: bags.id,
      qr: bags.qr,
      type: bags.type,
      status: bags.status,
      childCount: bags.childCount,
      capacity: bags.capacity,
      dispatchArea: bags.dispatchArea,
    })
    .from(bags)
    .where(and(qrIs(qr), areaFilter(actor)))
    .limit(1)
    .for("no key update");
  return row;
}

/** Bags that existed before the failed transaction, so a rejected scan can point at them. */
export interface ScanTrail {
  parentBagId: number | null;
  childBagId: number | null;
  dispatchArea: DispatchArea | null;
}

export function newTrail(actor: ScanActor): ScanTrail {
  return { parentBagId: null, childBagId: null, dispatchArea: actor.dispatchArea };
}

// Refusals of real labels are history worth keeping; unreadable input (invalid_qr) and
// permission problems are not, so junk cannot flood the scans table.
const RECORDED_REJECTIONS = new Set([
  "wrong_type",
  "linked_elsewhere",
  "parent_full",
  "parent_completed",
  "wrong_area",
  "parent_not_found",
]);

/** Records a refused scan after its transaction rolled back; never masks the original error. */
export async function recordRejection(
  db: Db,
  actor: ScanActor,
  action: ScanAction,
  rawQr: string,
  err: unknown,
  trail: ScanTrail,
): Promise<void> {
  if (!(err instanceof AppError) || !RECORDED_REJECTIONS.has(err.code)) return;
  try {
    await db.insert(scans).values({
      userId: actor.id,
      action,
      result: `rejected:${err.code}`,
      qr: normalizeQr(rawQr).slice(0, 20),
      parentBagId: trail.parentBagId,
      childBagId: trail.childBagId,
      dispatchArea: trail.dispatchArea,
    });
  } catch (recordErr) {
    console.error("[scan] could not record a rejected scan", recordErr);
  }
}
