import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { BillCompletedPanel, BillGatePass } from "@/components/bills/bill-completed-panel";
import { BillProgress } from "@/components/bills/bill-progress";
import { BillStation } from "@/components/bills/bill-station";
import { DeleteBillButton } from "@/components/bills/delete-bill-button";
import { EditBillForm } from "@/components/bills/edit-bill-form";
import { LinkedParents } from "@/components/bills/linked-parents";
import { LastLoadCheck, LoadCheckButton } from "@/components/load-check/last-load-check";
import { BillReturnHistory } from "@/components/returns/bill-return-history";
import { StatusLinkBox } from "@/components/status-link/status-link-box";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { toBillSnapshot } from "@/lib/bill-station";
import { can } from "@/lib/permissions";
import { billHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/detail";
import { latestPassOfBill } from "@/lib/server/bills/latest-pass";
import { lastLoadCheckOfBill } from "@/lib/server/bills/load-check-queries";
import { getDb } from "@/lib/server/db";
import { billReturnHistory } from "@/lib/server/returns/history";
import { decodeSegment } from "@/lib/server/route";
import { statusLinkOfBill } from "@/lib/server/status-link/link";
import { formatDateTime } from "@/lib/format";

type Params = Promise<{ billNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("bills.page");
  return { title: t("metaTitle", { billNumber: decodeSegment((await params).billNumber).slice(0, 50) }) };
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
  // A dispatched bill is final: no station, no edit form, no reopen.
  const dispatched = bill.status === "dispatched";
  const pass = locked || dispatched ? await latestPassOfBill(getDb(), bill.billNumber) : null;
  const returns = await billReturnHistory(getDb(), bill.billNumber);
  const lastCheck = await lastLoadCheckOfBill(getDb(), bill.billNumber);
  // Billers and admins hand the public status link out (a fresh one per view).
  const statusLink = canManage ? await statusLinkOfBill(getDb(), bill.billNumber) : null;
  const t = await getTranslations("bills.page");
  const locale = await getLocale();
  const description = bill.description && <span className="break-words whitespace-pre-line">{bill.description}</span>;
  const loading = [bill.customer, bill.vehicleNumber && t("vehicleLine", { vehicle: bill.vehicleNumber })].filter(Boolean).join(" · ");
  const createdAt = formatDateTime(bill.createdAt, locale);
  const facts: Fact[] = [
    [t("customer"), bill.customer ?? "—"],
    [t("vehicle"), bill.vehicleNumber ?? "—"],
    [t("created"), bill.createdBy ? t("createdAtBy", { at: createdAt, user: bill.createdBy }) : t("createdAt", { at: createdAt })],
    ...(description ? [[t("description"), description] as const] : []),
  ];

  return (
    <section className="space-y-5">
      <PageHeader
        back={{ href: "/bills", label: t("allBills") }}
        titleClassName="text-3xl break-all"
        subtitle={loading && <span className="text-base break-words text-slate-700">{loading}</span>}
        title={
          <>
            <span className="font-normal text-slate-500">{t("titleWord")} </span>
            <span data-testid="bill-number">{bill.billNumber}</span>
          </>
        }
        actions={
          <>
            <Link
              href={billHref(bill.billNumber, "print")}
              className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
            >
              {t("dispatchSheet")}
            </Link>
            {can(user.role, "bills:check") && <LoadCheckButton billNumber={bill.billNumber} />}
            {can(user.role, "bills:delete") && <DeleteBillButton billNumber={bill.billNumber} linkedCount={bill.linkedCount} />}
          </>
        }
      />

      {/* The station comes first, so on a laptop the counter and Complete sit above the fold;
          the bill's details follow it. */}
      <BillGatePass billNumber={bill.billNumber} status={bill.status} pass={pass} canIssue={can(user.role, "passes:manage")} />
      <LastLoadCheck billNumber={bill.billNumber} check={lastCheck} />
      {canManage && !dispatched ? (
        <>
          <BillStation initial={snapshot} viewer={user.username} viewerId={user.id}>
            <FactList facts={facts} />
          </BillStation>
          <details className="rounded-lg border border-slate-200 bg-white p-4">
            <summary className="inline-flex min-h-11 cursor-pointer items-center text-lg font-semibold text-brand-700">{t("edit")}</summary>
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
          {locked && <BillCompletedPanel completedAt={snapshot.completedAt} />}
          <BillProgress counts={snapshot.counts} completedAt={snapshot.completedAt} />
          <FactList facts={facts} />
          <LinkedParents parents={snapshot.parents} locked={locked || dispatched} />
        </>
      )}
      <BillReturnHistory events={returns} />
      {statusLink && <StatusLinkBox link={statusLink} />}
    </section>
  );
}
