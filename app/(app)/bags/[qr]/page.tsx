import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { formatBagStatus, formatBagType, formatHiddenBag, formatSeal } from "@/components/bags/bag-labels";
import { DeleteBagButton } from "@/components/bags/delete-bag-button";
import { ScanHistoryTable } from "@/components/bags/scan-history-table";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { DispatchArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, normalizeQr } from "@/lib/qr";
import { bagHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { findHiddenBag } from "@/lib/server/bags/lookup";
import { getBagDetail, RECENT_SCANS_LIMIT } from "@/lib/server/bags/queries";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { formatCount, formatDateTime } from "@/lib/format";

type Params = Promise<{ qr: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("bags.detail");
  return { title: t("title", { qr: displayQr(decodeSegment((await params).qr)) }) };
}

export default async function BagDetailPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bags:view_own_area")) forbidden();
  const raw = decodeSegment((await params).qr);
  const detail = await getBagDetail(getDb(), user, raw);
  const [t, tc, locale] = await Promise.all([getTranslations("bags"), getTranslations("common"), getLocale()]);
  const area = (a: DispatchArea | null) => tc(`areas.${a ?? "none"}`);
  if (!detail) {
    // Another area's bag: what the scan station and GET /api/bag say, and none of its details.
    const hidden = await findHiddenBag(getDb(), user, normalizeQr(raw));
    if (!hidden) notFound();
    return (
      <section className="space-y-5">
        <PageHeader back={{ href: "/bags", label: t("detail.allBags") }} title={t("detail.title", { qr: displayQr(normalizeQr(raw)) })} titleClassName="font-mono text-3xl break-all" />
        <p role="status" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
          {formatHiddenBag(hidden, area(hidden.viewerArea), t)}
        </p>
      </section>
    );
  }
  const { bag, parent, children, bill, finished, recentScans } = detail;
  // A parent finished below capacity says so, why, by whom and when.
  const sealFacts: Fact[] = finished
    ? [[t("detail.finished"), <span key="f" data-testid="bag-finished">{formatSeal(finished, bag.childCount, bag.capacity, locale, t)}</span>]]
    : [];
  const createdAt = formatDateTime(bag.createdAt, locale);
  const facts: Fact[] = [
    [t("detail.type"), formatBagType(bag.type, bag.qr, t)],
    [t("detail.status"), formatBagStatus(bag.type, bag.status, parent?.qr ?? null, finished !== null, t)],
    ...sealFacts,
    [t("detail.area"), area(bag.dispatchArea)],
    bag.type === "parent"
      ? [t("detail.children"), `${bag.childCount} / ${bag.capacity ?? "—"}`]
      : [t("detail.parent"), parent ? <Link key="p" href={bagHref(parent.qr)} className="font-mono text-brand-700 underline">{parent.qr}</Link> : t("labels.notPacked")],
    [t("detail.bill"), bill ? t("detail.billWithStatus", { billNumber: bill.billNumber, status: tc(`billStatuses.${bill.status}`).toLowerCase() }) : t("detail.notOnBill")],
    [t("detail.created"), bag.createdBy ? t("detail.createdAtBy", { at: createdAt, user: bag.createdBy }) : t("detail.createdAt", { at: createdAt })],
  ];
  return (
    <section className="space-y-6">
      <PageHeader
        back={{ href: "/bags", label: t("detail.allBags") }}
        title={<span data-testid="bag-qr">{bag.qr}</span>}
        titleClassName="font-mono text-3xl break-all"
        actions={
          can(user.role, "bags:delete") && (
            <DeleteBagButton qr={bag.qr} type={bag.type} childCount={bag.childCount} billNumber={bag.type === "parent" ? (bill?.billNumber ?? null) : null} />
          )
        }
      />
      <FactList facts={facts} />
      {bag.type === "parent" && (
        <section aria-labelledby="children-heading" className="space-y-2">
          <h2 id="children-heading" className="text-xl font-semibold">
            {t("detail.childrenHeading", { count: formatCount(children.length, locale) })}
          </h2>
          {children.length === 0 ? (
            <p className="text-slate-700">{t("detail.noChildren")}</p>
          ) : (
            <ol className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {children.map((c, i) => (
                <li key={c.qr} className="flex items-baseline gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
                  <span className="w-6 text-right text-slate-500 tabular-nums">{i + 1}.</span>
                  <Link href={bagHref(c.qr)} className="font-mono font-semibold text-brand-700 hover:underline">
                    {c.qr}
                  </Link>
                  <span className="ml-auto text-slate-600">
                    {formatDateTime(c.linkedAt, locale)}
                    {c.linkedBy ? ` · ${c.linkedBy}` : ""}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <ScanHistoryTable scans={recentScans} limit={RECENT_SCANS_LIMIT} />
    </section>
  );
}
