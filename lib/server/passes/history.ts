import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { PassEvent } from "@/lib/dto/passes";
import { PassCodeJson } from "@/lib/schemas/passes";
import { formatIstDateTime } from "@/lib/time";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayViewPasses, passNotFound } from "./get";
import { readPass } from "./read";

/** A pass's history is short (issue, prints, a revoke, a few scans); more than this is shown newest first, cut. */
export const PASS_HISTORY_LIMIT = 200;

type Details = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const when = (v: unknown): string | null => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? formatIstDateTime(v) : null);

/** What a gate scan's result means, for people (lib/server/passes/gate-scan.ts writes the results). */
const SCAN_WORDS: Record<string, string> = {
  admitted: "Admitted at the gate",
  already_used: "Scanned again at the gate: already used, refused",
  revoked: "Refused at the gate: the pass is revoked",
  outside_window: "Refused at the gate: outside its validity window",
  not_yet_valid: "Refused at the gate: not yet valid",
  expired: "Refused at the gate: expired",
  invalid_pass: "Refused at the gate: invalid or tampered",
  vehicle_mismatch: "Refused at the gate: the vehicle number typed does not match",
  bill_not_completed: "Refused at the gate: the bill is not completed",
};

/** One audit row of a pass, worded for its history. */
export function passEventSummary(action: string, details: Details): string {
  switch (action) {
    case "pass_issued": {
      const from = when(details.validFrom);
      const until = when(details.validUntil);
      const parts = [`Issued for bill ${str(details.billNumber) ?? "?"}`];
      if (str(details.vehicle)) parts.push(`vehicle ${str(details.vehicle)}`);
      if (from && until) parts.push(`valid ${from} – ${until} IST`);
      const superseded = str(details.superseded);
      return parts.join(", ") + (superseded ? `; replaces ${superseded}, which had expired unused` : "");
    }
    case "pass_printed":
      return typeof details.copy === "number" ? `Printed (copy ${details.copy})` : "Printed";
    case "pass_revoked":
      return `Revoked: ${str(details.reason) ?? "no reason given"}`;
    case "pass_superseded":
      return "Expired unused; replaced by a new pass for the bill";
    case "gate_scan": {
      // details as lib/server/passes/gate-scan.ts writes them: result, via (qr | code), window, reason.
      const result = str(details.result) ?? "unknown";
      let words = SCAN_WORDS[result] ?? `Gate scan: ${result.replaceAll("_", " ")}`;
      const window = str(details.window) ?? (typeof details.tooEarly === "boolean" ? (details.tooEarly ? "not_yet_valid" : "expired") : null);
      if (result === "outside_window" && window) words = SCAN_WORDS[window] ?? words;
      if (result === "invalid_pass" && details.reason === "vehicle_mismatch") words = SCAN_WORDS.vehicle_mismatch ?? words;
      if (result === "revoked" && str(details.reason)) words += ` (${str(details.reason)})`;
      return words + (str(details.via) === "code" ? " (code typed by hand)" : "");
    }
    default:
      return action.replaceAll("_", " ");
  }
}

/**
 * A pass's history from its audit rows (entity gate_pass, id = the code), newest first: issued,
 * printed, revoked, superseded and every gate scan of it. 404 pass_not_found for an unknown code.
 */
export async function passHistory(ctx: ServiceContext, input: unknown): Promise<PassEvent[]> {
  assertMayViewPasses(ctx);
  const { code } = parseInput(PassCodeJson, input);
  // An unknown code has no history to show: 404, like the pass itself (scans of unknown codes
  // are in the audit log, not here).
  if (!(await readPass(ctx.db, code, { withPayload: false }))) throw passNotFound(code);
  const rows = await ctx.db
    .select({ at: auditLog.createdAt, action: auditLog.action, actor: auditLog.actor, ip: auditLog.ip, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "gate_pass"), eq(auditLog.entityId, code)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(PASS_HISTORY_LIMIT);
  return rows.map((r) => ({
    at: r.at,
    action: r.action,
    actor: r.actor,
    ip: r.ip,
    summary: passEventSummary(r.action, r.details && typeof r.details === "object" ? (r.details as Details) : {}),
  }));
}
