import Link from "next/link";
import { BILL_STATUS_LABEL, formatKg } from "@/components/bills/bill-format";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { BILL_STATUSES } from "@/lib/domain";
import type { EodSummary } from "@/lib/dto/reports";
import { billHref } from "@/lib/routes";
import { formatIstTime } from "@/lib/time";

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

const EMPTY = <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">No bills were created on this day.</p>;

const BILL_COLUMNS: Column[] = [
  { label: "Bill" },
  { label: "Created (IST)", show: "sm" },
  { label: "Created by", show: "md" },
  { label: "Parents", className: "text-right" },
  { label: "Children", show: "sm", className: "text-right" },
  { label: "Weight", className: "text-right" },
];

/** The end-of-day summary as the page and its print show it: cards, by status, by user, every bill, returns and passes. */
export function EodReport({ summary }: { summary: EodSummary }) {
  const users = Object.entries(summary.bills_by_user).sort(([a], [b]) => a.localeCompare(b));
  const r = summary.returns;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Overview">
        <Card label="Bills created" value={summary.total_bills} testId="eod-total-bills" />
        <Card label="Parent bags" value={summary.total_parent_bags} testId="eod-parent-bags" />
        <Card label="Child bags" value={summary.total_child_bags} testId="eod-child-bags" />
        <Card label="Weight" value={formatKg(summary.total_weight_kg)} testId="eod-weight" note={`Expected ${formatKg(summary.total_expected_weight_kg)}`} />
        <Card label="Returned parents" value={r.parents_returned} testId="eod-parents-returned" note={formatKg(r.weight_kg)} />
        <Card label="Gate passes used" value={summary.gate_passes_used} testId="eod-passes-used" />
      </dl>

      <div className="grid gap-6 md:grid-cols-2">
        <Section id="eod-status-heading" title="Bills by status">
          <DataTable columns={[{ label: "Status" }, { label: "Bills", className: "text-right" }]} testId="eod-by-status">
            {BILL_STATUSES.map((s) => (
              <tr key={s} className="border-t border-slate-100">
                <td className={cellClass()}>{BILL_STATUS_LABEL[s]}</td>
                <td className={cellClass(undefined, "text-right tabular-nums")} data-testid={`eod-status-${s}`}>
                  {summary.bills_by_status[s]}
                </td>
              </tr>
            ))}
          </DataTable>
        </Section>
        <Section id="eod-user-heading" title="Bills by user">
          {users.length === 0 ? (
            EMPTY
          ) : (
            <DataTable columns={[{ label: "User" }, { label: "Bills", className: "text-right" }]} testId="eod-by-user">
              {users.map(([user, count]) => (
                <tr key={user} className="border-t border-slate-100">
                  <td className={cellClass()}>{user}</td>
                  <td className={cellClass(undefined, "text-right tabular-nums")}>{count}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
      </div>

      <Section id="eod-bills-heading" title={`Bills (${summary.total_bills})`}>
        {summary.detailed_bills.length === 0 ? (
          EMPTY
        ) : (
          <DataTable columns={BILL_COLUMNS} testId="eod-bills">
            {summary.detailed_bills.map((b) => (
              <tr key={b.bill_id} className="border-t border-slate-100">
                <td className={cellClass()}>
                  <Link href={billHref(b.bill_id)} className="font-mono font-semibold break-all text-brand-700 hover:underline">
                    {b.bill_id}
                  </Link>{" "}
                  <BillStatusBadge status={b.status} />
                </td>
                <td className={cellClass("sm", "whitespace-nowrap")}>{formatIstTime(b.created_at)}</td>
                <td className={cellClass("md")}>{b.created_by ?? "(deleted user)"}</td>
                <td className={cellClass(undefined, "text-right tabular-nums")}>
                  {b.parent_bags} / {b.expected_bags}
                </td>
                <td className={cellClass("sm", "text-right tabular-nums")}>{b.child_bags}</td>
                <td className={cellClass(undefined, "text-right tabular-nums whitespace-nowrap")}>{formatKg(b.weight_kg)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      <Section id="eod-returns-heading" title="Returns and gate passes">
        <DataTable columns={[{ label: "What" }, { label: "Count", className: "text-right" }]} testId="eod-returns">
          {(
            [
              ["Return tickets opened", r.tickets, "eod-returns-opened"],
              ["Return tickets finalized", r.finalized, "eod-returns-finalized"],
              ["Return tickets cancelled", r.cancelled, "eod-returns-cancelled"],
              ["Parent bags returned", `${r.parents_returned} (${formatKg(r.weight_kg)})`, "eod-returns-parents"],
              ["Gate passes used", summary.gate_passes_used, "eod-returns-passes"],
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
