import "server-only";
import { formatArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr } from "@/lib/qr";
import { seesAllAreas } from "../bags/scope";
import type { Actor } from "../service";
import { ForbiddenError } from "../errors";

/** What a dispatcher without an area (a self-registered one, say) is told: by the scan verbs, /scan, /bags, /dashboard. */
export const NO_AREA_MESSAGE = "Your account has no dispatch area yet. An admin must assign one before you can scan.";

/** Every scan needs the pack permission, and a dispatcher needs an area to scan into. */
export function assertMayScan(actor: Actor): void {
  if (!can(actor.role, "scan:pack")) throw new ForbiddenError("Your role cannot scan bags.").say({}, "scan_role_cannot_scan");
  if (!seesAllAreas(actor) && !actor.dispatchArea) throw new ForbiddenError(NO_AREA_MESSAGE, "no_area").say({}, "scan_no_area");
}

export function wrongAreaError(what: "Parent" | "Child", qr: string, actor: Actor): ForbiddenError {
  const shown = displayQr(qr);
  return new ForbiddenError(
    `${what} ${shown} belongs to another dispatch area; you can scan only ${formatArea(actor.dispatchArea)} bags.`,
    "wrong_area",
  ).say({ qr: shown, area: actor.dispatchArea ?? "none" }, what === "Parent" ? "scan_wrong_area_parent" : "scan_wrong_area_child");
}
