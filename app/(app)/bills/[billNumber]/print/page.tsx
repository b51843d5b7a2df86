import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { BILL_STATUS_LABEL, formatKg, formatVarianceKg } from "@/components/bills/bill-format";
import { PrintButton } from "@/components/bills/print-button";
import { can } from "@/lib/permissions";
import { CHILD_WEIGHT_KG, PARENT_SPECS } from "@/lib/qr";
import { billHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/detail";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { formatIstDateTime } from "@/lib/time";

type Params = Promise<{ billNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Dispatch sheet ${decodeSegment((await params).billNumber).slice(0, 50)}` };
}

const SIGNATURES = ["Prepared by", "Loaded by", "Driver", "Gate"] as const;

/** The bill's dispatch sheet: one A4 page (or more for long bills) to sign and hand over. */
export default async function BillPrintPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const detail = await getBill(getDb(), decodeSegment((await params).billNumber));
  if (!detail) notFound();
  const { bill } = detail;
  // Loading order: the first parent put on the truck comes first.
  const parents = [...detail.parents].reverse();
  const facts: [string, string][] = [
    ["Customer / destination", bill.customer ?? "—"],
    ["Vehicle", bill.vehicleNumber ?? "—"],
    ["Bill date (IST)", formatIstDateTime(bill.createdAt)],
    ["Completed (IST)", bill.completedAt ? formatIstDateTime(bill.completedAt) : "Not completed"],
    ["Printed (IST)", `${formatIstDateTime(new Date())} by ${user.username}`],
  ];
  const totals: [string, string][] = [
    ["Parent bags", `${bill.linkedCount} of ${bill.capacity}`],
    ["Child bags", String(bill.childCount)],
    ["Actual weight", formatKg(bill.actualWeightKg)],
    ["Expected weight", formatKg(bill.expectedWeightKg)],
    ["Variance", formatVarianceKg(bill.varianceKg)],
  ];

  return (
    <article className="mx-auto max-w-4xl space-y-5 rounded-lg border border-slate-200 bg-white p-5 text-slate-950 sm:p-8 print:max-w-none print:rounded-none print:border-0 print:p-0">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Link href={billHref(bill.billNumber)} className="text-sm font-medium text-brand-700 hover:underline">
          ← Back to the bill
        </Link>
        <PrintButton />
      </div>

      <header className="flex flex-wrap items-start justify-between gap-3 border-b-2 border-slate-900 pb-3">
        <div>
          <p className="text-sm font-semibold uppercase tracking-widest text-slate-700">TraceTrack · Dispatch sheet</p>
          <h1 className="font-mono text-3xl font-bold break-all" data-testid="sheet-bill-number">
            {bill.billNumber}
          </h1>
        </div>
        <p className="rounded border-2 border-slate-900 px-3 py-1 text-lg font-bold uppercase">
          <span className="sr-only">Status: </span>
          {BILL_STATUS_LABEL[bill.status]}
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
            <dd className="font-semibold break-words">{value}</dd>
          </div>
        ))}
        {bill.description && (
          <div className="col-span-2 sm:col-span-3">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Description</dt>
            <dd className="break-words whitespace-pre-line">{bill.description}</dd>
          </div>
        )}
      </dl>

      <table className="w-full border-collapse text-sm" data-testid="sheet-parents">
        <thead>
          <tr className="border-b-2 border-slate-900 text-left">
            <th scope="col" className="py-1.5 pr-2 text-right">#</th>
            <th scope="col" className="px-2 py-1.5">Parent bag</th>
            <th scope="col" className="px-2 py-1.5">Type</th>
            <th scope="col" className="px-2 py-1.5 text-right">Children</th>
            <th scope="col" className="px-2 py-1.5 text-right">Weight</th>
            <th scope="col" className="py-1.5 pl-2 text-center">Loaded ✓</th>
          </tr>
        </thead>
        <tbody>
          {parents.map((p, i) => (
            <tr key={p.qr} className="border-b border-slate-300 break-inside-avoid">
              <td className="py-1.5 pr-2 text-right tabular-nums">{i + 1}</td>
              <td className="px-2 py-1.5 font-mono font-semibold">{p.qr}</td>
              <td className="px-2 py-1.5">{PARENT_SPECS[p.type].label}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">
                {p.childCount} / {p.capacity}
                {p.partial && <span className="ml-1 text-xs font-semibold">({p.childCount === 0 ? "empty" : "partial"})</span>}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatKg(p.childCount * CHILD_WEIGHT_KG)}</td>
              <td className="py-1.5 pl-2 text-center">
                <span aria-hidden="true" className="inline-block h-4 w-4 border border-slate-700" />
              </td>
            </tr>
          ))}
          {parents.length === 0 && (
            <tr>
              <td colSpan={6} className="py-3 text-center text-slate-700">
                No parent bags on this bill.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <dl className="grid grid-cols-2 gap-2 border-2 border-slate-900 p-3 text-sm break-inside-avoid sm:grid-cols-5" data-testid="sheet-totals">
        {totals.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
            <dd className="text-lg font-bold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-label="Signatures" className="grid grid-cols-2 gap-x-8 gap-y-10 pt-8 break-inside-avoid sm:grid-cols-4">
        {SIGNATURES.map((role) => (
          <div key={role}>
            <div className="h-10 border-b border-slate-900" />
            <p className="mt-1 text-sm font-semibold">{role}</p>
            <p className="text-xs text-slate-600">Name, signature, date</p>
          </div>
        ))}
      </section>
    </article>
  );
}
