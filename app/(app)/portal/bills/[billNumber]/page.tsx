import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { formatKg } from "@/components/bills/bill-format";
import { PortalParents } from "@/components/portal/portal-parents";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { PortalBillDetail } from "@/lib/dto/portal";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { readPortalBill } from "@/lib/server/portal/detail";
import { decodeSegment } from "@/lib/server/route";
import { contextFor, type ServiceContext } from "@/lib/server/service";
import { formatIstDateTime } from "@/lib/time";

type Params = Promise<{ billNumber: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Bill ${decodeSegment((await params).billNumber).slice(0, 50)}` };
}

/** The bill in scope, or the 404 page alike for an unknown and another customer's bill. */
async function billOrNotFound(ctx: ServiceContext, billNumber: string, as: string | undefined): Promise<PortalBillDetail> {
  try {
    return await readPortalBill(ctx, { billNumber, ...(as ? { as } : {}) });
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    if (err instanceof AppError && err.status === 403) forbidden();
    throw err;
  }
}

const when = (iso: string | null) => (iso ? `${formatIstDateTime(iso)} IST` : "—");

/** One bill as its customer sees it: status, times, truck, counts, weights and its parent bags. No staff names. */
export default async function PortalBillPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const user = await requirePageUser({ allowCustomer: true });
  if (!can(user.role, "portal:view")) forbidden();
  const as = (await searchParams).as;
  const viewAs = typeof as === "string" && as ? as : undefined;
  const ctx = contextFor(getDb(), user, await actionMeta());
  const { bill, parents } = await billOrNotFound(ctx, decodeSegment((await params).billNumber), viewAs);
  const facts: Fact[] = [
    ["Customer", bill.customerName ?? "—"],
    ["Status", <BillStatusBadge key="status" status={bill.status} large />],
    ["Vehicle", bill.vehicleNumber ? <span className="font-mono">{bill.vehicleNumber}</span> : "—"],
    ["Created", when(bill.createdAt)],
    ["Completed", when(bill.completedAt)],
    ["Dispatched", when(bill.dispatchedAt)],
    ["Left the gate", when(bill.gatePassAt)],
    ["Parent bags", String(bill.parentCount)],
    ["Child bags", String(bill.childCount)],
    ["Weight (actual / expected)", `${formatKg(bill.actualWeightKg)} / ${formatKg(bill.expectedWeightKg)}`],
  ];
  // Back to the grid: a bare /portal reopens the view kept in this tab's sessionStorage. Not
  // prefetched: opening /portal?as=… is what files the view-as audit row.
  const back = viewAs ? `/portal?as=${encodeURIComponent(viewAs)}` : "/portal";
  return (
    <section className="space-y-5">
      <Link href={back} prefetch={false} className="text-sm font-medium text-brand-700 hover:underline" data-testid="portal-back">
        ← {user.role === "customer" ? "Your bills" : "Customer portal"}
      </Link>
      <PageHeader
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">Bill </span>
            <span className="font-mono" data-testid="portal-bill-number">
              {bill.billNumber}
            </span>
          </>
        }
      />
      <FactList facts={facts} testId="portal-bill-facts" />
      <PortalParents parents={parents} />
    </section>
  );
}
