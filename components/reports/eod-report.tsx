import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { BILL_STATUSES } from "@/lib/domain";
import type { EodSummary } from "@/lib/dto/reports";
import { formatCount, formatTime } from "@/lib/format";
import { billHref } from "@/lib/routes";
import { formatKg } from "@/components/bills/bill-format";

/** The name the summary gives bills whose creator is gone (lib/server/reports/eod.ts DELETED_USER), said in the reader's words. */
const DELETED_USER = "(deleted user)";

function Card({ label, value, testId, note }: { label: string; value: React.ReactNode; testId: string; note?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 print:border-slate-400">
      <dt className="text-sm font-semibold text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {note && <dd className="text-sm text-slate-600">{note}</dd>}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2 print:break-inside-avoid">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The end-of-day summary as the page and its print show it: cards, by status, by user, every bill, returns and passes. */
export function EodReport({ summary }: { summary: EodSummary }) {
  const t = useTranslations("reports.eod");
  const tc = useTranslations("common");
  const locale = useLocale();
  const count = (n: number) => formatCount(n, locale);
  const kg = (n: number) => formatKg(n, locale);
  const users = Object.entries(summary.bills_by_user).sort(([a], [b]) => a.localeCompare(b));
  const r = summary.returns;
  const empty = <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">{t("noBills")}</p>;
  const billColumns: Column[] = [
    { label: t("columns.bill") },
    { label: t("columns.created"), show: "sm" },
    { label: t("columns.createdBy"), show: "md" },
    { label: t("columns.parents"), className: "text-right" },
    { label: t("columns.children"), show: "sm", className: "text-right" },
    { label: t("columns.weight"), className: "text-right" },
  ];
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label={t("overview")}>
        <Card label={t("billsCreated")} value={count(summary.total_bills)} testId="eod-total-bills" />
        <Card label={t("parentBags")} value={count(summary.total_parent_bags)} testId="eod-parent-bags" />
        <Card label={t("childBags")} value={count(summary.total_child_bags)} testId="eod-child-bags" />
        <Card label={t("weight")} value={kg(summary.total_weight_kg)} testId="eod-weight" note={t("expected", { weight: kg(summary.total_expected_weight_kg) })} />
        <Card label={t("returnedParents")} value={count(r.parents_returned)} testId="eod-parents-returned" note={kg(r.weight_kg)} />
        <Card label={t("passesUsed")} value={count(summary.gate_passes_used)} testId="eod-passes-used" />
      </dl>

      <div className="grid gap-6 md:grid-cols-2">
        <Section id="eod-status-heading" title={t("byStatus")}>
          <DataTable columns={[{ label: t("status") }, { label: t("bills"), className: "text-right" }]} testId="eod-by-status">
            {BILL_STATUSES.map((s) => (
              <tr key={s} className="border-t border-slate-100">
                <td className={cellClass()}>{tc(`billStatuses.${s}`)}</td>
                <td className={cellClass(undefined, "text-right tabular-nums")} data-testid={`eod-status-${s}`}>
                  {count(summary.bills_by_status[s])}
                </td>
              </tr>
            ))}
          </DataTable>
        </Section>
        <Section id="eod-user-heading" title={t("byUser")}>
          {users.length === 0 ? (
            empty
          ) : (
            <DataTable columns={[{ label: t("user") }, { label: t("bills"), className: "text-right" }]} testId="eod-by-user">
              {users.map(([user, bills]) => (
                <tr key={user} className="border-t border-slate-100">
                  <td className={cellClass()}>{user === DELETED_USER ? t("deletedUser") : user}</td>
                  <td className={cellClass(undefined, "text-right tabular-nums")}>{count(bills)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
      </div>

      <Section id="eod-bills-heading" title={t("billsHeading", { count: count(summary.total_bills) })}>
        {summary.detailed_bills.length === 0 ? (
          empty
        ) : (
          <DataTable columns={billColumns} testId="eod-bills">
            {summary.detailed_bills.map((b) => (
              <tr key={b.bill_id} className="border-t border-slate-100">
                <td className={cellClass()}>
                  <Link href={billHref(b.bill_id)} className="font-mono font-semibold break-all text-brand-700 hover:underline">
                    {b.bill_id}
                  </Link>{" "}
                  <BillStatusBadge status={b.status} />
                </td>
                <td className={cellClass("sm", "whitespace-nowrap")}>{formatTime(b.created_at, locale)}</td>
                <td className={cellClass("md")}>{b.created_by ?? t("deletedUser")}</td>
                <td className={cellClass(undefined, "text-right tabular-nums")}>
                  {count(b.parent_bags)} / {count(b.expected_bags)}
                </td>
                <td className={cellClass("sm", "text-right tabular-nums")}>{count(b.child_bags)}</td>
                <td className={cellClass(undefined, "text-right tabular-nums whitespace-nowrap")}>{kg(b.weight_kg)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      <Section id="eod-returns-heading" title={t("returnsHeading")}>
        <DataTable columns={[{ label: t("what") }, { label: t("count"), className: "text-right" }]} testId="eod-returns">
          {(
            [
              [t("ticketsOpened"), count(r.tickets), "eod-returns-opened"],
              [t("ticketsFinalized"), count(r.finalized), "eod-returns-finalized"],
              [t("ticketsCancelled"), count(r.cancelled), "eod-returns-cancelled"],
              [t("parentsReturned"), t("parentsReturnedValue", { count: count(r.parents_returned), weight: kg(r.weight_kg) }), "eod-returns-parents"],
              [t("passesUsed"), count(summary.gate_passes_used), "eod-returns-passes"],
            ] as const
          ).map(([what, value, testId]) => (
            <tr key={testId} className="border-t border-slate-100">
              <td className={cellClass()}>{what}</td>
              <td className={cellClass(undefined, "text-right tabular-nums")} data-testid={testId}>
                {value}
              </td>
            </tr>
          ))}
        </DataTable>
      </Section>
    </div>
  );
}
