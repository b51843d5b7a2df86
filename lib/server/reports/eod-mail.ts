import "server-only";
import { and, eq, gte, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { BILL_STATUSES } from "@/lib/domain";
import type { EodSent, EodSummary } from "@/lib/dto/reports";
import { can } from "@/lib/permissions";
import { EodQuery } from "@/lib/schemas/reports";
import { istDayBounds, istStamp } from "@/lib/time";
import { audit } from "../audit";
import { appUrlOf } from "../env";
import { ForbiddenError } from "../errors";
import { sendMail } from "../mail";
import type { ServiceContext, SystemContext } from "../service";
import { parseInput } from "../validation";
import { buildEodSummary, DELETED_USER } from "./eod";

/** Why a summary went out: the daily schedule, or an admin's "Send now". */
export type EodTrigger = "scheduled" | "manual";

export function eodSubject(day: string): string {
  return `TraceTrack end-of-day summary — ${day}`;
}

const kg = (n: number) => `${n.toFixed(2)} kg`;
const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The mail's plain text: the overview, by status, by user, every bill, returns and passes. */
export function eodMailText(summary: EodSummary, link: string): string {
  const lines = [
    `TraceTrack end-of-day summary for ${summary.report_date} (IST)`,
    `Generated ${istStamp(summary.generated_at)} IST`,
    "",
    `Bills created: ${summary.total_bills}`,
    `Parent bags: ${summary.total_parent_bags}`,
    `Child bags: ${summary.total_child_bags}`,
    `Weight: ${kg(summary.total_weight_kg)} (expected ${kg(summary.total_expected_weight_kg)})`,
    "",
    "By status:",
    ...BILL_STATUSES.map((s) => `  ${label(s)}: ${summary.bills_by_status[s]}`),
    "",
    "By user:",
    ...(Object.keys(summary.bills_by_user).length === 0
      ? ["  No bills created that day."]
      : Object.entries(summary.bills_by_user)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([user, count]) => `  ${user}: ${count}`)),
    "",
    "Bills (bill · created by · status · parents · children · weight):",
    ...(summary.detailed_bills.length === 0
      ? ["  No bills created that day."]
      : summary.detailed_bills.map(
          (b) =>
            `  ${b.bill_id} · ${b.created_by ?? DELETED_USER} · ${b.status} · ${b.parent_bags}/${b.expected_bags} · ${b.child_bags} · ${kg(b.weight_kg)}`,
        )),
    "",
    "Returns:",
    `  Tickets opened: ${summary.returns.tickets}`,
    `  Tickets finalized: ${summary.returns.finalized}`,
    `  Tickets cancelled: ${summary.returns.cancelled}`,
    `  Parent bags returned: ${summary.returns.parents_returned} (${kg(summary.returns.weight_kg)})`,
    "",
    `Gate passes used: ${summary.gate_passes_used}`,
    "",
    `Open it in TraceTrack: ${link}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Every active admin and biller with an e-mail address (customer accounts never). */
export async function eodRecipients(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(inArray(users.role, ["admin", "biller"]), isNotNull(users.email), ne(users.email, ""), isNull(users.deactivatedAt)))
    .orderBy(users.email);
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}

/**
 * Mails day `day`'s summary to every recipient (outbox, or SMTP when configured), one mail each so
 * no address sees the others; one failed address does not stop the rest. Audited `eod_sent`.
 */
export async function mailEodSummary(ctx: ServiceContext | SystemContext, day: string, trigger: EodTrigger): Promise<EodSent> {
  const summary = await buildEodSummary(ctx.db, day);
  const recipients = await eodRecipients(ctx.db);
  const link = `${appUrlOf()}/reports/eod?date=${day}`;
  const message = { subject: eodSubject(day), text: eodMailText(summary, link) };
  let sent = 0;
  let failed = 0;
  for (const to of recipients) {
    try {
      await sendMail(ctx.db, { to, ...message });
      sent += 1;
    } catch (err) {
      failed += 1;
      console.error("[eod] mail to one recipient failed:", err instanceof Error ? err.message : err);
    }
  }
  await audit(ctx.db, ctx, {
    action: "eod_sent",
    entityType: "report",
    entityId: day,
    details: { date: day, trigger, recipients: sent, failed, totalBills: summary.total_bills },
  });
  return { report_date: day, recipients: sent, total_bills: summary.total_bills };
}

/** "Send now" (admins): mails the day's summary again, whether or not the scheduled one went. */
export async function sendEodNow(ctx: ServiceContext, input: unknown): Promise<EodSent> {
  if (!can(ctx.actor.role, "reports:eod_send")) throw new ForbiddenError("Only admins can send the end-of-day summary.");
  const { date } = parseInput(EodQuery, input);
  return mailEodSummary(ctx, date, "manual");
}

/** Whether the scheduled summary of `day` already went (a restarted instance must not send it twice). */
export async function scheduledEodSent(db: Db, day: string): Promise<boolean> {
  const bounds = istDayBounds(day);
  if (!bounds) return false;
  const [row] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, "eod_sent"),
        gte(auditLog.createdAt, bounds.start),
        sql`${auditLog.details}->>'date' = ${day}`,
        sql`${auditLog.details}->>'trigger' = 'scheduled'`,
      ),
    )
    .limit(1);
  return Boolean(row);
}
