import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { billHref } from "@/components/bills/bill-links";
import { BillProgress } from "@/components/bills/bill-progress";
import { BillStation } from "@/components/bills/bill-station";
import { DeleteBillButton } from "@/components/bills/delete-bill-button";
import { EditBillForm } from "@/components/bills/edit-bill-form";
import { LinkedParents } from "@/components/bills/linked-parents";
import { toBillSnapshot } from "@/lib/bill-station";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/queries";
import { decodeSegment } from "@/lib/server/bills/shared";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";

type Params = Promise<{ billNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Bill ${decodeSegment((await params).billNumber).slice(0, 50)}` };
}

export default async function BillPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const detail = await getBill(getDb(), decodeSegment((await params).billNumber));
  if (!detail) notFound();
  const { bill } = detail;
  const snapshot = toBillSnapshot(detail);
  const canManage = can(user.role, "bills:manage");
  const locked = bill.status === "completed";
  const facts: [string, string][] = [
    ["Customer / destination", bill.customer ?? "—"],
    ["Vehicle", bill.vehicleNumber ?? "—"],
    ["Created", `${formatIstDateTime(bill.createdAt)} IST${bill.createdBy ? ` by ${bill.createdBy}` : ""}`],
  ];

  return (
    <section className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <Link href="/bills" className="text-sm font-medium text-brand-700 hover:underline">
            ← All bills
          </Link>
          <h1 className="mt-1 text-3xl font-bold break-all">
            <span className="font-normal text-slate-500">Bill </span>
            <span data-testid="bill-number">{bill.billNumber}</span>
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Link
            href={billHref(bill.billNumber, "print")}
            className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
          >
            Dispatch sheet
          </Link>
          {can(user.role, "bills:delete") && <DeleteBillButton billNumber={bill.billNumber} linkedCount={bill.linkedCount} />}
        </div>
      </div>

      <dl className="grid gap-2 sm:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white px-3 py-2">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
            <dd className="font-semibold break-words">{value}</dd>
          </div>
        ))}
        {bill.description && (
          <div className="rounded-lg border border-slate-200 bg-white px-3 py-2 sm:col-span-3">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Description</dt>
            <dd className="break-words whitespace-pre-line">{bill.description}</dd>
          </div>
        )}
      </dl>

      {canManage ? (
        <>
          <BillStation initial={snapshot} />
          <details className="rounded-lg border border-slate-200 bg-white p-4">
            <summary className="inline-flex min-h-11 cursor-pointer items-center text-lg font-semibold text-brand-700">Edit bill</summary>
            <div className="mt-3">
              <EditBillForm
                billNumber={bill.billNumber}
                linkedCount={bill.linkedCount}
                locked={locked}
                defaults={{
                  capacity: String(bill.capacity),
                  customer: bill.customer ?? "",
                  vehicleNumber: bill.vehicleNumber ?? "",
                  description: bill.description ?? "",
                }}
              />
            </div>
          </details>
        </>
      ) : (
        <>
          <BillProgress counts={snapshot.counts} completedAt={snapshot.completedAt} />
          <LinkedParents parents={snapshot.parents} locked={locked} />
        </>
      )}
    </section>
  );
}
