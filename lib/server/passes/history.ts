import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { PassEvent } from "@/lib/dto/passes";
import { PassCodeJson } from "@/lib/schemas/passes";
import { createTranslator } from "next-intl";
import { MESSAGES } from "@/i18n/messages";
import { formatCount, formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayViewPasses, passNotFound } from "./get";
import { readPass } from "./read";

/** A pass's history is short (issue, prints, a revoke, a few scans); more than this is shown newest first, cut. */
export const PASS_HISTORY_LIMIT = 200;

type Details = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const isTime = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));

/** What a gate scan's result means, for people (lib/server/passes/gate-scan.ts writes the results): keys of passes.history.events.scan. */
const SCAN_WORDS = [
  "admitted",
  "already_used",
  "revoked",
  "outside_window",
  "not_yet_valid",
  "expired",
  "invalid_pass",
  "vehicle_mismatch",
  "bill_not_completed",
] as const;
type ScanWord = (typeof SCAN_WORDS)[number];
const isScanWord = (v: string | null): v is ScanWord => v !== null && (SCAN_WORDS as readonly string[]).includes(v);

/** One audit row of a pass, worded for its history in `locale` (English by default). */
export function passEventSummary(action: string, details: Details, locale: Locale = "en"): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "passes.history.events" });
  const yes = (v: unknown) => (v ? "yes" : "no");
  switch (action) {
    case "pass_issued": {
      const window = isTime(details.validFrom) && isTime(details.validUntil);
      const superseded = str(details.superseded);
      return t("issued", {
        bill: str(details.billNumber) ?? "?",
        hasVehicle: yes(str(details.vehicle)),
        vehicle: str(details.vehicle) ?? "",
        hasWindow: yes(window),
        from: window ? formatDateTime(details.validFrom as string, locale) : "",
        until: window ? formatDateTime(details.validUntil as string, locale) : "",
        hasSuperseded: yes(superseded),
        superseded: superseded ?? "",
      });
    }
    case "pass_printed":
      return typeof details.copy === "number" ? t("printedCopy", { copy: formatCount(details.copy, locale) }) : t("printed");
    case "pass_revoked":
      return t("revoked", { hasReason: yes(str(details.reason)), reason: str(details.reason) ?? "" });
    case "pass_superseded":
      return t("superseded");
    case "gate_scan": {
      // details as lib/server/passes/gate-scan.ts writes them: result, via (qr | code), window, reason.
      const result = str(details.result) ?? "unknown";
      let word: ScanWord | null = isScanWord(result) ? result : null;
      const window = str(details.window) ?? (typeof details.tooEarly === "boolean" ? (details.tooEarly ? "not_yet_valid" : "expired") : null);
      if (result === "outside_window" && isScanWord(window)) word = window;
      if (result === "invalid_pass" && details.reason === "vehicle_mismatch") word = "vehicle_mismatch";
      let words = word ? t(`scan.${word}`) : t("scanOther", { result: result.replaceAll("_", " ") });
      if (result === "revoked" && str(details.reason)) words = t("withReason", { words, reason: str(details.reason) ?? "" });
      return str(details.via) === "code" ? t("byHand", { words }) : words;
    }
    default:
      return action.replaceAll("_", " ");
  }
}

/**
 * A pass's history from its audit rows (entity gate_pass, id = the code), newest first: issued,
 * printed, revoked, superseded and every gate scan of it, worded in `locale`. 404 pass_not_found for an unknown code.
 */
export async function passHistory(ctx: ServiceContext, input: unknown, locale: Locale = "en"): Promise<PassEvent[]> {
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
    summary: passEventSummary(r.action, r.details && typeof r.details === "object" ? (r.details as Details) : {}, locale),
  }));
}
