import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { BillSummaryTable } from "@/components/bills/bill-summary-table";
import { Field } from "@/components/ui/field";
import { can } from "@/lib/permissions";
import { BillSummaryRange } from "@/lib/schemas/bills";
import { requirePageUser } from "@/lib/server/auth/guards";
import { billSummary } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";
import { istDay } from "@/lib/time";

export const metadata: Metadata = { title: "Bill report" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function BillReportPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const params = await searchParams;
  const from = first(params.from) || istDay(new Date());
  const to = first(params.to) || from;
  const parsed = BillSummaryRange.safeParse({ from, to });
  const summary = parsed.success ? await billSummary(getDb(), parsed.data) : null;
  const errorsOf = (field: "from" | "to") => (parsed.success ? undefined : parsed.error.issues.filter((i) => i.path[0] === field).map((i) => i.message));
  const csvHref = `/reports/bills/csv?${new URLSearchParams({ from, to }).toString()}`;

  return (
    <section className="space-y-4">
      <div>
        <Link href="/bills" className="text-sm font-medium text-brand-700 hover:underline print:hidden">
          ← All bills
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Bill summary</h1>
        <p className="text-sm text-slate-600">Bills created on these days (IST), with their parent bags and weights.</p>
      </div>
      <form method="get" action="/reports/bills" aria-label="Report range" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden">
        <Field label="From (IST)" name="from" type="date" defaultValue={from} errors={errorsOf("from")} />
        <Field label="To (IST)" name="to" type="date" defaultValue={to} errors={errorsOf("to")} />
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          Show
        </button>
        {summary && (
          <a href={csvHref} download className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50">
            Download CSV
          </a>
        )}
      </form>
      {summary && <BillSummaryTable summary={summary} />}
    </section>
  );
}
