import "server-only";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { bags, links, users } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import type { RemoveResult } from "@/lib/dto/scan";
import { displayQr } from "@/lib/qr";
import { RemoveChildInput } from "@/lib/schemas/scan";
import { formatIstDateTime } from "@/lib/time";
import { qrIs, seesAllAreas, type BagState } from "../bags/scope";
import type { Actor, ServiceContext } from "../service";
import { retryDeadlocks } from "../db-errors";
import { ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { assertMayScan } from "./access";
import { requireChildLabel, requireParentLabel } from "./labels";
import { lockParentForChange } from "./lock";
import { unlinkChild, type FoundLink } from "./unlink";
import { mayTakeBack, UNDO_WINDOW_MINUTES, withinUndoWindow } from "./window";

const holder = alias(bags, "holder");

/**
 * Takes one chosen child off a parent (a mis-scan five bags back), with undo's effects and
 * rules: the actor's own link within the undo window, or any link with scan:undo_any (admins).
 * 404 not_on_parent names where the child is instead; 403 not_removable says who packed it, when.
 */
export async function removeChild(ctx: ServiceContext, input: unknown): Promise<RemoveResult> {
  const { db, actor } = ctx;
  assertMayScan(actor);
  const { parentQr, childQr } = parseInput(RemoveChildInput, input);
  const parentLabel = requireParentLabel(parentQr);
  const childLabel = requireChildLabel(childQr);
  // A deadlock PostgreSQL broke (see retryDeadlocks) runs the change again.
  return retryDeadlocks(db, () => db.transaction(async (tx) => {
    const locked = await lockParentForChange(tx, actor, parentLabel.qr);
    const { parent } = locked;
    const found = await findChildLink(tx, childLabel.qr);
    if (!found || found.parentBagId !== parent.id) throw notOnParent(actor, parent, childLabel.qr, found);
    if (!mayTakeBack(actor, { byId: found.linkedBy, recent: found.recent })) throw notRemovable(actor, parent, found);
    const { childQr: removed, ...counts } = await unlinkChild(tx, ctx, locked, found, "remove");
    return { removed: { childQr: removed }, ...counts };
  }));
}

/** A child's link as remove reads it: who packed it, when, and the parent holding it. */
interface ChildLink extends FoundLink {
  parentBagId: number;
  linkedByName: string | null;
  linkedAt: Date;
  /** Linked inside the undo window. */
  recent: boolean;
  holderQr: string;
  holderArea: DispatchArea | null;
}

/** The link of child `qr` (null: no such bag, or not packed). Read under the parent's lock. */
async function findChildLink(tx: Tx, qr: string): Promise<ChildLink | null> {
  const [row] = await tx
    .select({
      childBagId: bags.id,
      childQr: bags.qr,
      linkId: links.id,
      parentBagId: links.parentBagId,
      linkedBy: links.createdBy,
      linkedByName: users.username,
      linkedAt: links.createdAt,
      recent: withinUndoWindow(links.createdAt),
      holderQr: holder.qr,
      holderArea: holder.dispatchArea,
    })
    .from(bags)
    .innerJoin(links, eq(links.childBagId, bags.id))
    .innerJoin(holder, eq(holder.id, links.parentBagId))
    .leftJoin(users, eq(users.id, links.createdBy))
    .where(qrIs(qr))
    .limit(1);
  return row ? { ...row, recent: row.recent === true } : null;
}

function notOnParent(actor: Actor, parent: BagState, qr: string, found: ChildLink | null): NotFoundError {
  // A dispatcher is not told the QR of another area's parent (as at a child scan).
  const holder = found && (seesAllAreas(actor) || found.holderArea === actor.dispatchArea) ? displayQr(found.holderQr) : null;
  const where = !found ? "it is not packed in any parent" : holder ? `it is in parent ${holder}` : "it is in a parent of another dispatch area";
  const values = { child: displayQr(qr), parent: displayQr(parent.qr), ...(holder ? { holder } : {}) };
  const key = !found ? "scan_not_on_parent_unpacked" : holder ? "scan_not_on_parent" : "scan_not_on_parent_other_area";
  return new NotFoundError(`Child ${values.child} is not on parent ${values.parent}: ${where}. Nothing was removed.`, "not_on_parent").say(values, key);
}

function notRemovable(actor: Actor, parent: BagState, link: ChildLink): ForbiddenError {
  const when = `${formatIstDateTime(link.linkedAt)} IST`;
  const own = link.linkedBy === actor.id;
  const who = own ? "You" : (link.linkedByName ?? "A deleted user");
  const values = {
    child: displayQr(link.childQr),
    parent: displayQr(parent.qr),
    at: formatIstDateTime(link.linkedAt),
    minutes: UNDO_WINDOW_MINUTES,
    ...(!own && link.linkedByName !== null ? { by: link.linkedByName } : {}),
  };
  const key = own ? "scan_not_removable_own" : link.linkedByName === null ? "scan_not_removable_deleted" : "scan_not_removable";
  return new ForbiddenError(
    `${who} packed ${values.child} into ${values.parent} at ${when}. You can remove only children you packed in the last ${UNDO_WINDOW_MINUTES} minutes; ask an admin to remove it.`,
    "not_removable",
  ).say(values, key);
}
