import "server-only";
import { eq, sql } from "drizzle-orm";
import { columnNames, hotSql, reusableSql, type Db, type Tx } from "@/db/client";
import { auditLog, bills, gatePasses } from "@/db/schema";
import type { GateScanResult } from "@/lib/dto/passes";
import { passStatusOf } from "@/lib/passes";
import { can } from "@/lib/permissions";
import { GateScanInput, type GateScanRequest } from "@/lib/schemas/gate";
import { formatIstDateTime } from "@/lib/time";
import { audit, auditEntry, auditInsertFromRowPlaceholders, auditValues } from "../audit";
import { ConflictError, ForbiddenError } from "../errors";
import { getEnv } from "../env";
import type { ServiceContext } from "../service";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { passDtoOf, passRowBy, weighedPassRowById } from "./read";
import { verifyPassPayload } from "./signature";

// The gate's one verb (DESIGN.md §6b, §8): a scanned pass is admitted at most once. The decision
// is ONE statement (admitPass: the bill locked while completed, the pass taken by a conditional
// UPDATE `… WHERE used_at IS NULL AND state = 'active' AND now() within the window`, the bill
// moved completed → dispatched, both audit rows), so of any number of simultaneous scans exactly
// one gets the row, and a pass is used only with its bill dispatched. Every attempt is audited
// (gate_scan), forged and unknown payloads with the IP they came from.

/** Every refusal of an unreadable, forged or unknown pass says only this (nothing to learn from it). */
export const INVALID_PASS_MESSAGE = "Invalid or tampered pass.";
export const MANUAL_MISMATCH_MESSAGE = "Invalid pass: the code and vehicle do not match.";

/** How much of a refused payload the audit row keeps, printable ASCII only. */
export const AUDITED_PAYLOAD_CHARS = 80;

/** The refused payload as the audit row shows it: its start, anything unprintable as "?". */
export function auditedPayload(raw: string): string {
  return Array.from(raw.slice(0, AUDITED_PAYLOAD_CHARS))
    .map((ch) => (/^[\x20-\x7e]$/.test(ch) ? ch : "?"))
    .join("");
}

type InvalidReason = "malformed" | "bad_signature" | "unknown_code" | "vehicle_mismatch";

function assertMayScan(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "gate:scan")) throw new ForbiddenError("Only the gate (and admins) can scan gate passes.").say({}, "pass_scan_forbidden");
}

async function refuseInvalid(ctx: ServiceContext, req: GateScanRequest, reason: InvalidReason, code?: string): Promise<GateScanResult> {
  await audit(ctx.db, ctx, {
    action: "gate_scan",
    entityType: "gate_pass",
    // Only a pass that exists is named as the entity; a forged code stays in the details.
    entityId: reason === "vehicle_mismatch" ? code : undefined,
    details: {
      result: "invalid_pass",
      reason,
      via: req.kind === "payload" ? "qr" : "code",
      ...(req.kind === "payload" ? { payload: auditedPayload(req.payload), payloadLength: req.payload.length } : {}),
      ...(req.kind === "manual" ? { code: auditedPayload(req.code), vehicleNumber: auditedPayload(req.vehicleNumber) } : {}),
    },
  });
  return { result: "invalid_pass", message: req.kind === "manual" ? MANUAL_MISMATCH_MESSAGE : INVALID_PASS_MESSAGE };
}

interface AdmittedRow extends Record<string, unknown> {
  id: number;
  bill_id: number;
  vehicle_number: string;
  /** null only if the bill did not move, which the bill's row lock rules out (checked, loudly). */
  dispatched_id: number | null;
  bill_number: string | null;
  now_ms: number;
}
const PASS_USE = {
  usedAt: columnNames(gatePasses.usedAt),
  usedBy: columnNames(gatePasses.usedBy),
  usedIp: columnNames(gatePasses.usedIp),
  updatedAt: columnNames(gatePasses.updatedAt),
};
const BILL_DISPATCH = { status: columnNames(bills.status), dispatchedAt: columnNames(bills.dispatchedAt), updatedAt: columnNames(bills.updatedAt) };

const clock = reusableSql<{ ms: number }>(() => sql`select (extract(epoch from now()) * 1000)::float8 as ms`);

/** The database's clock (the transaction's `now()`). */
async function dbNow(conn: Db | Tx): Promise<Date> {
  const [row] = await clock.rows(conn, {});
  return new Date(row?.ms ?? Date.now());
}

// THE decision: one statement, committed on its own, so two scans can never both see the pass
// unused and a pass is never used without its bill leaving. It first locks the pass's bill
// while the bill is completed (FOR NO KEY UPDATE: a reopen, an edit or another scan of the
// same bill waits, and a bill that stopped being completed is not locked at all); only then
// is the pass taken (… WHERE used_at IS NULL AND state = 'active' AND now() within the window)
// and the bill moved completed → dispatched, which nothing can prevent once the lock is held.
// The bill before the pass: the order pass issuing locks them in. Both audit rows come from the
// statement's own rows, the scan's first (the second reads the first's id, so it runs after).
// Rendered once (reusableSql): the gate scans a pass a truck.
const admitPass = reusableSql<AdmittedRow, Record<string, unknown>>(() => {
  const v = (name: string) => sql.placeholder(name);
  const facts = hotSql`jsonb_build_object('billNumber', dispatched.bill_number, 'vehicleNumber', taken.vehicle_number)`;
  const scanAudit = auditInsertFromRowPlaceholders("scan_", {
    entityId: hotSql`${v("code")}`,
    before: hotSql`null::jsonb`,
    after: hotSql`null::jsonb`,
    details: facts,
    from: hotSql`taken, dispatched`,
  });
  // `dispatchedAt` as JSON writes a Date: ISO 8601 in UTC, to the millisecond.
  const billAudit = auditInsertFromRowPlaceholders("bill_", {
    entityId: hotSql`dispatched.id`,
    before: hotSql`jsonb_build_object('status', 'completed', 'dispatchedAt', null)`,
    after: hotSql`jsonb_build_object('status', 'dispatched', 'dispatchedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
    details: facts,
    from: hotSql`taken, dispatched, scan_audited`,
  });
  return hotSql`with held as (
      select ${bills.id} as id from ${bills}
       where ${bills.id} = (select ${gatePasses.billId} from ${gatePasses} where ${gatePasses.code} = ${v("code")}) and ${bills.status} = 'completed'
       for no key update
    ),
    taken as (
      update ${gatePasses}
         set ${PASS_USE.usedAt} = now(), ${PASS_USE.usedBy} = ${v("actorId")}, ${PASS_USE.usedIp} = ${v("ip")}, ${PASS_USE.updatedAt} = now()
       where ${gatePasses.code} = ${v("code")} and ${gatePasses.usedAt} is null and ${gatePasses.state} = 'active'
         and now() >= ${gatePasses.validFrom} and now() <= ${gatePasses.validUntil}
         and ${gatePasses.billId} in (select id from held)
      returning ${gatePasses.id} as id, ${gatePasses.billId} as bill_id, ${gatePasses.vehicleNumber} as vehicle_number
    ),
    dispatched as (
      update ${bills}
         set ${BILL_DISPATCH.status} = 'dispatched', ${BILL_DISPATCH.dispatchedAt} = now(), ${BILL_DISPATCH.updatedAt} = now()
        from taken
       where ${bills.id} = taken.bill_id and ${bills.status} = 'completed'
      returning ${bills.id} as id, ${bills.billNumber} as bill_number
    ),
    scan_audited as (${scanAudit} returning ${auditLog.id}),
    bill_audited as (${billAudit})
    select taken.id::float8 as id, taken.bill_id::float8 as bill_id, taken.vehicle_number, dispatched.id::float8 as dispatched_id,
           dispatched.bill_number, (extract(epoch from now()) * 1000)::float8 as now_ms
      from taken left join dispatched on true`;
});

/**
 * Scans a gate pass: `{payload}` as the QR reads, or `{code, vehicleNumber}` typed by the guard
 * for a damaged QR (accepted only when the vehicle matches the pass's). Answers admitted,
 * already_used, revoked, outside_window or invalid_pass (never throws for those); 409
 * bill_not_completed if the bill left the completed state behind the pass's back.
 */
export async function scanGatePass(ctx: ServiceContext, input: unknown): Promise<GateScanResult> {
  assertMayScan(ctx);
  const req = parseInput(GateScanInput, input);
  let code: string;
  if (req.kind === "payload") {
    const check = verifyPassPayload(req.payload, getEnv().gatePassSecrets);
    if (!check.ok) return refuseInvalid(ctx, req, check.reason);
    code = check.code;
  } else {
    const [pass] = await ctx.db
      .select({ vehicleNumber: gatePasses.vehicleNumber })
      .from(gatePasses)
      .where(eq(gatePasses.code, req.code))
      .limit(1);
    // Unknown code or another truck: one answer, so typing codes teaches nothing.
    if (!pass) return refuseInvalid(ctx, req, "unknown_code");
    if (pass.vehicleNumber !== req.vehicleNumber) return refuseInvalid(ctx, req, "vehicle_mismatch", req.code);
    code = req.code;
  }
  const via = req.kind === "payload" ? "qr" : "code";

  // The entries' facts the statement learns as it runs (bill number, vehicle, the bill's id) it adds itself.
  const scanEntry = auditEntry(ctx, { action: "gate_scan", entityType: "gate_pass", details: { result: "admitted", via } });
  const billEntry = auditEntry(ctx, { action: "bill_dispatched", entityType: "bill", details: { pass: code } });
  const [admitted] = await admitPass.rows(ctx.db, {
    code,
    actorId: ctx.actor.id,
    ip: ctx.meta.ip ?? null,
    ...auditValues("scan_", scanEntry),
    ...auditValues("bill_", billEntry),
  });
  if (admitted) {
    if (admitted.dispatched_id === null) throw new Error(`gate pass ${code} was taken but its bill ${admitted.bill_id} did not move under its own lock`);
    // Committed: the counters follow before anything else can fail.
    const stats = new StatsChange();
    stats.billStatus("completed", "dispatched");
    await bumpStats(stats);
    // The answer reads the pass and weighs its bill as committed (one read); its clock is the
    // statement's now(), the one it compared the window with and wrote into both rows.
    const row = await weighedPassRowById(ctx.db, admitted.id);
    if (!row) throw new Error(`gate pass ${admitted.id} vanished after admitting its truck`);
    const pass = await passDtoOf(ctx.db, row, { withPayload: false, now: new Date(admitted.now_ms) });
    return { result: "admitted", pass };
  }
  return refuse(ctx, req, code, via);
}

/**
 * Why a scan was not admitted, from the pass as it now is (a concurrent scan or revoke has
 * committed), audited: already_used, revoked, outside_window; 409 bill_not_completed when the
 * pass could admit but its bill is not completed; invalid_pass (audited unknown_code) when no
 * pass has the code.
 */
async function refuse(ctx: ServiceContext, req: GateScanRequest, code: string, via: "qr" | "code"): Promise<GateScanResult> {
  const [now, row] = await Promise.all([dbNow(ctx.db), passRowBy(ctx.db, { code })]);
  // A correctly signed code that no pass carries (another installation's, or deleted).
  if (!row) return refuseInvalid(ctx, req, "unknown_code");
  const pass = await passDtoOf(ctx.db, row, { withPayload: false, now });
  const status = passStatusOf(row, now);
  let answer: GateScanResult;
  if (status === "revoked") answer = { result: "revoked", pass };
  else if (status === "used" && row.usedAt) answer = { result: "already_used", pass, usedAt: row.usedAt, usedBy: row.usedBy };
  else if (status === "expired" || status === "not_yet_valid") {
    answer = { result: "outside_window", pass, validFrom: row.validFrom, validUntil: row.validUntil, tooEarly: status === "not_yet_valid" };
  } else if (row.billStatus !== "completed") {
    // The pass could let the truck out but its bill left the completed state behind its back
    // (reopenBill refuses while a pass is live: only a direct change gets here). Nothing moved.
    await audit(ctx.db, ctx, { action: "gate_scan", entityType: "gate_pass", entityId: code, details: { result: "bill_not_completed", via, billNumber: row.billNumber } });
    throw new ConflictError(
      "bill_not_completed",
      `Bill ${row.billNumber} is ${row.billStatus}, not completed: the truck may not leave on pass ${code}. Call the office.`,
    ).say({ bill: row.billNumber, status: row.billStatus, code }, "pass_gate_bill_not_completed");
  } else {
    // Admissible now though the statement did not admit it: the window opened, or the bill came
    // back to completed, between the two.
    throw new ConflictError("pass_busy", `Pass ${code} changed while it was being scanned. Scan it again.`).say({ code });
  }
  await audit(ctx.db, ctx, {
    action: "gate_scan",
    entityType: "gate_pass",
    entityId: code,
    details: {
      result: answer.result,
      via,
      billNumber: row.billNumber,
      ...(answer.result === "already_used" ? { usedAt: row.usedAt, usedBy: row.usedBy } : {}),
      ...(answer.result === "revoked" ? { reason: row.revokeReason } : {}),
      ...(answer.result === "outside_window" ? { window: answer.tooEarly ? "not_yet_valid" : "expired" } : {}),
    },
  });
  return answer;
}

/** The HTTP answer of a scan: 200 admitted; 409 already_used / revoked / outside_window; 400 invalid_pass. */
export function gateScanResponse(result: GateScanResult): { status: number; body: unknown } {
  switch (result.result) {
    case "admitted":
      return { status: 200, body: result };
    case "already_used":
      return {
        status: 409,
        body: {
          error: {
            code: "already_used",
            message: `Already used: pass ${result.pass.code} let a truck out at ${formatIstDateTime(result.usedAt)} IST${result.usedBy ? ` (scanned by ${result.usedBy})` : ""}.`,
            usedAt: result.usedAt,
            usedBy: result.usedBy,
            pass: result.pass,
          },
        },
      };
    case "revoked":
      return {
        status: 409,
        body: {
          error: {
            code: "revoked",
            message: `Revoked: pass ${result.pass.code} was revoked${result.pass.revokeReason ? ` (${result.pass.revokeReason})` : ""}.`,
            reason: result.pass.revokeReason,
            revokedAt: result.pass.revokedAt,
            revokedBy: result.pass.revokedBy,
            pass: result.pass,
          },
        },
      };
    case "outside_window": {
      const window = `${formatIstDateTime(result.validFrom)} to ${formatIstDateTime(result.validUntil)} IST`;
      return {
        status: 409,
        body: {
          error: {
            code: "outside_window",
            message: result.tooEarly ? `Not yet valid: pass ${result.pass.code} is valid from ${window}.` : `Expired: pass ${result.pass.code} was valid from ${window}.`,
            window: result.tooEarly ? "not_yet_valid" : "expired",
            validFrom: result.validFrom,
            validUntil: result.validUntil,
            pass: result.pass,
          },
        },
      };
    }
    case "invalid_pass":
      return { status: 400, body: { error: { code: "invalid_pass", message: result.message } } };
  }
}
