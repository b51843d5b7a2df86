import "server-only";
import { eq, sql } from "drizzle-orm";
import { columnNames, hotSql, reusableSql, type Tx } from "@/db/client";
import { bills, gatePasses } from "@/db/schema";
import type { GateScanResult } from "@/lib/dto/passes";
import { passStatusOf } from "@/lib/passes";
import { can } from "@/lib/permissions";
import { GateScanInput, type GateScanRequest } from "@/lib/schemas/gate";
import { formatIstDateTime } from "@/lib/time";
import { audit, auditEntry, writeAudits } from "../audit";
import { weighBill } from "../bills/bill-counts";
import { ConflictError, ForbiddenError } from "../errors";
import { getEnv } from "../env";
import type { ServiceContext } from "../service";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { passDtoOf, passRowBy } from "./read";
import { verifyPassPayload } from "./signature";

// The gate's one verb (DESIGN.md §6b, §8): a scanned pass is admitted at most once. The decision
// is ONE conditional UPDATE (`… WHERE used_at IS NULL AND state = 'active' AND now() within the
// window … RETURNING`), so of any number of simultaneous scans exactly one gets the row; the
// same transaction moves the bill completed → dispatched. Every attempt is audited (gate_scan),
// forged and unknown payloads with the IP they came from.

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

interface TakenRow extends Record<string, unknown> {
  id: number;
  bill_id: number;
  vehicle_number: string;
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

/** The database's clock (the transaction's `now()`, the one the UPDATE compared with). */
async function dbNow(tx: Tx): Promise<Date> {
  const [row] = await clock.rows(tx, {});
  return new Date(row?.ms ?? Date.now());
}

// THE decision: one statement, so two scans can never both see the pass unused. The same
// statement moves the bill completed → dispatched; dispatched is terminal and only a completed
// bill may leave, which its UPDATE re-checks itself, waiting for (and then re-reading) a reopen
// holding the bill's row lock. Rendered once (reusableSql): the gate scans a pass a truck.
const takePass = reusableSql<TakenRow, { actorId: string; ip: string | null; code: string }>(
  () => hotSql`with taken as (
      update ${gatePasses}
         set ${PASS_USE.usedAt} = now(), ${PASS_USE.usedBy} = ${sql.placeholder("actorId")}, ${PASS_USE.usedIp} = ${sql.placeholder("ip")}, ${PASS_USE.updatedAt} = now()
       where ${gatePasses.code} = ${sql.placeholder("code")} and ${gatePasses.usedAt} is null and ${gatePasses.state} = 'active'
         and now() >= ${gatePasses.validFrom} and now() <= ${gatePasses.validUntil}
      returning ${gatePasses.id} as id, ${gatePasses.billId} as bill_id, ${gatePasses.vehicleNumber} as vehicle_number
    ),
    dispatched as (
      update ${bills}
         set ${BILL_DISPATCH.status} = 'dispatched', ${BILL_DISPATCH.dispatchedAt} = now(), ${BILL_DISPATCH.updatedAt} = now()
        from taken
       where ${bills.id} = taken.bill_id and ${bills.status} = 'completed'
      returning ${bills.id} as id, ${bills.billNumber} as bill_number
    )
    select taken.id::float8 as id, taken.bill_id::float8 as bill_id, taken.vehicle_number, dispatched.id::float8 as dispatched_id,
           dispatched.bill_number, (extract(epoch from now()) * 1000)::float8 as now_ms
      from taken left join dispatched on true`,
);


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

  const stats = new StatsChange();
  let refusedBill: ConflictError | null = null;
  let result: GateScanResult | null = null;
  try {
    result = await ctx.db.transaction(async (tx) => {
      // A taken pass whose bill did not move rolls the whole transaction back (bill_not_completed below).
      const [taken] = await takePass.rows(tx, { actorId: ctx.actor.id, ip: ctx.meta.ip ?? null, code });

      if (taken) {
        if (taken.dispatched_id === null) {
          const [other] = await tx.select({ billNumber: bills.billNumber, status: bills.status }).from(bills).where(eq(bills.id, taken.bill_id));
          throw new ConflictError(
            "bill_not_completed",
            `Bill ${other?.billNumber ?? "?"} is ${other?.status ?? "missing"}, not completed: the truck may not leave on pass ${code}. Call the office.`,
          ).say({ bill: other?.billNumber ?? "?", status: other?.status ?? "missing", code }, "pass_gate_bill_not_completed");
        }
        stats.billStatus("completed", "dispatched");
        // used_at and dispatched_at are this transaction's now(): the clock the UPDATE compared the window with.
        const now = new Date(taken.now_ms);
        const billNumber = taken.bill_number ?? "";
        const admitted = auditEntry(ctx, {
          action: "gate_scan",
          entityType: "gate_pass",
          entityId: code,
          details: { result: "admitted", via, billNumber, vehicleNumber: taken.vehicle_number },
        });
        const dispatchedEntry = auditEntry(ctx, {
          action: "bill_dispatched",
          entityType: "bill",
          entityId: taken.dispatched_id,
          before: { status: "completed", dispatchedAt: null },
          after: { status: "dispatched", dispatchedAt: now },
          details: { billNumber, pass: code, vehicleNumber: taken.vehicle_number },
        });
        // The answer's pass, the bill's weights and both audit rows at once: independent
        // statements, pipelined on the transaction's connection.
        const [row, weights] = await Promise.all([
          passRowBy(tx, { id: taken.id }),
          weighBill(tx, taken.bill_id),
          writeAudits(tx, [admitted, dispatchedEntry]),
        ]);
        if (!row) throw new Error(`gate pass ${taken.id} vanished inside its own transaction`);
        const pass = await passDtoOf(tx, row, { withPayload: false, now, weights });
        return { result: "admitted", pass } satisfies GateScanResult;
      }

      // Refused: say why, from the pass as it now is (a concurrent scan or revoke has committed).
      const now = await dbNow(tx);
      const row = await passRowBy(tx, { code });
      if (!row) return null;
      const pass = await passDtoOf(tx, row, { withPayload: false, now });
      const status = passStatusOf(row, now);
      let answer: GateScanResult;
      if (status === "revoked") answer = { result: "revoked", pass };
      else if (status === "used" && row.usedAt) answer = { result: "already_used", pass, usedAt: row.usedAt, usedBy: row.usedBy };
      else if (status === "expired" || status === "not_yet_valid") {
        answer = { result: "outside_window", pass, validFrom: row.validFrom, validUntil: row.validUntil, tooEarly: status === "not_yet_valid" };
      } else {
        throw new ConflictError("pass_busy", `Pass ${code} changed while it was being scanned. Scan it again.`).say({ code });
      }
      await audit(tx, ctx, {
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
    });
  } catch (err) {
    if (!(err instanceof ConflictError) || err.code !== "bill_not_completed") throw err;
    refusedBill = err;
  }
  if (refusedBill) {
    // Rolled back (the pass stays unused); the attempt is still on record.
    await audit(ctx.db, ctx, { action: "gate_scan", entityType: "gate_pass", entityId: code, details: { result: "bill_not_completed", via } });
    throw refusedBill;
  }
  // A correctly signed code that no pass carries (another installation's, or deleted).
  if (!result) return refuseInvalid(ctx, req, "unknown_code");
  await bumpStats(stats);
  return result;
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
