import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { forbidden, notFound } from "next/navigation";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { LastLoadCheck } from "@/components/load-check/last-load-check";
import { LoadCheckStation } from "@/components/load-check/load-check-station";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { billHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/detail";
import { lastLoadCheckOfBill } from "@/lib/server/bills/load-check-queries";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";

type Params = Promise<{ billNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("loadCheck.page");
  return { title: t("metaTitle", { billNumber: decodeSegment((await params).billNumber).slice(0, 50) }) };
}

/** The load check at the truck: re-scan the parents physically loaded and compare them with the bill. */
export default async function LoadCheckPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:check")) forbidden();
  const detail = await getBill(getDb(), decodeSegment((await params).billNumber));
  if (!detail) notFound();
  const { bill } = detail;
  const last = await lastLoadCheckOfBill(getDb(), bill.billNumber);
  // The bill lists its parents newest first; the check lists them in loading order.
  const expected = detail.parents.map((p) => p.qr.toUpperCase()).reverse();
  const t = await getTranslations("loadCheck.page");
  const loading = [bill.customer, bill.vehicleNumber && t("vehicleLine", { vehicle: bill.vehicleNumber })].filter(Boolean).join(" · ");

  return (
    <section className="space-y-5">
      <PageHeader
        back={{ href: billHref(bill.billNumber), label: t("back", { billNumber: bill.billNumber }) }}
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">{t("titlePrefix")} · </span>
            <span data-testid="check-bill-number">{bill.billNumber}</span>
          </>
        }
        subtitle={
          <span className="flex flex-wrap items-center gap-2 text-base text-slate-700">
            <BillStatusBadge status={bill.status} />
            {loading && <span className="break-words">{loading}</span>}
          </span>
        }
      />
      <LastLoadCheck billNumber={bill.billNumber} check={last} />
      <LoadCheckStation billNumber={bill.billNumber} expected={expected} viewer={user.username} />
    </section>
  );
}
