import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { PortalParents } from "@/components/portal/portal-parents";
import { formatKg } from "@/components/bills/bill-format";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { PortalBillDetail } from "@/lib/dto/portal";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { readPortalBill } from "@/lib/server/portal/detail";
import { decodeSegment } from "@/lib/server/route";
import { contextFor, type ServiceContext } from "@/lib/server/service";

type Params = Promise<{ billNumber: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("portal.bill");
  return { title: t("metaTitle", { billNumber: decodeSegment((await params).billNumber).slice(0, 50) }) };
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

/** One bill as its customer sees it: status, times, truck, counts, weights and its parent bags. No staff names. */
export default async function PortalBillPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const user = await requirePageUser({ allowCustomer: true });
  if (!can(user.role, "portal:view")) forbidden();
  const as = (await searchParams).as;
  const viewAs = typeof as === "string" && as ? as : undefined;
  const ctx = contextFor(getDb(), user, await actionMeta());
  const { bill, parents } = await billOrNotFound(ctx, decodeSegment((await params).billNumber), viewAs);
  const locale = await getLocale();
  const t = await getTranslations("portal.bill");
  const when = (iso: string | null) => (iso ? t("at", { time: formatDateTime(iso, locale) }) : "—");
  const kg = (n: number) => formatKg(n, locale);
  const facts: Fact[] = [
    [t("customer"), bill.customerName ?? "—"],
    [t("status"), <BillStatusBadge key="status" status={bill.status} large />],
    [t("vehicle"), bill.vehicleNumber ? <span className="font-mono">{bill.vehicleNumber}</span> : "—"],
    [t("created"), when(bill.createdAt)],
    [t("completed"), when(bill.completedAt)],
    [t("dispatched"), when(bill.dispatchedAt)],
    [t("leftGate"), when(bill.gatePassAt)],
    [t("parentBags"), formatCount(bill.parentCount, locale)],
    [t("childBags"), formatCount(bill.childCount, locale)],
    [t("weight"), `${kg(bill.actualWeightKg)} / ${kg(bill.expectedWeightKg)}`],
  ];
  // Back to the grid: a bare /portal reopens the view kept in this tab's sessionStorage. Not
  // prefetched: opening /portal?as=… is what files the view-as audit row.
  const back = viewAs ? `/portal?as=${encodeURIComponent(viewAs)}` : "/portal";
  return (
    <section className="space-y-5">
      <Link href={back} prefetch={false} className="text-sm font-medium text-brand-700 hover:underline" data-testid="portal-back">
        ← {user.role === "customer" ? t("yourBills") : t("customerPortal")}
      </Link>
      <PageHeader
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">{t("titlePrefix")} </span>
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
