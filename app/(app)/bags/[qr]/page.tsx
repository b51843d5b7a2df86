import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { formatBagStatus, formatBagType, formatSeal } from "@/components/bags/bag-labels";
import { DeleteBagButton } from "@/components/bags/delete-bag-button";
import { ScanHistoryTable } from "@/components/bags/scan-history-table";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, normalizeQr } from "@/lib/qr";
import { bagHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { hiddenBagMessage } from "@/lib/server/bags/lookup";
import { getBagDetail, RECENT_SCANS_LIMIT } from "@/lib/server/bags/queries";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { formatIstDateTime } from "@/lib/time";

type Params = Promise<{ qr: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Bag ${displayQr(decodeSegment((await params).qr))}` };
}

export default async function BagDetailPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bags:view_own_area")) forbidden();
  const raw = decodeSegment((await params).qr);
  const detail = await getBagDetail(getDb(), user, raw);
  if (!detail) {
    // Another area's bag: what the scan station and GET /api/bag say, and none of its details.
    const hidden = await hiddenBagMessage(getDb(), user, normalizeQr(raw));
    if (!hidden) notFound();
    return (
      <section className="space-y-5">
        <PageHeader back={{ href: "/bags", label: "All bags" }} title={`Bag ${displayQr(normalizeQr(raw))}`} titleClassName="font-mono text-3xl break-all" />
        <p role="status" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
          {hidden}
        </p>
      </section>
    );
  }
  const { bag, parent, children, bill, finished, recentScans } = detail;
  // A parent finished below capacity says so, why, by whom and when.
  const sealFacts: Fact[] = finished
    ? [["Finished", <span key="f" data-testid="bag-finished">{formatSeal(finished, bag.childCount, bag.capacity)}</span>]]
    : [];
  const facts: Fact[] = [
    ["Type", formatBagType(bag.type, bag.qr)],
    ["Status", formatBagStatus(bag.type, bag.status, parent?.qr ?? null, finished !== null)],
    ...sealFacts,
    ["Area", formatArea(bag.dispatchArea)],
    bag.type === "parent"
      ? ["Children", `${bag.childCount} / ${bag.capacity ?? "—"}`]
      : ["Parent", parent ? <Link key="p" href={bagHref(parent.qr)} className="font-mono text-brand-700 underline">{parent.qr}</Link> : "Not packed"],
    ["Bill", bill ? `${bill.billNumber} (${bill.status})` : "Not on a bill"],
    ["Created", `${formatIstDateTime(bag.createdAt)} IST${bag.createdBy ? ` by ${bag.createdBy}` : ""}`],
  ];
  return (
    <section className="space-y-6">
      <PageHeader
        back={{ href: "/bags", label: "All bags" }}
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
            Children ({children.length})
          </h2>
          {children.length === 0 ? (
            <p className="text-slate-700">No children packed yet.</p>
          ) : (
            <ol className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {children.map((c, i) => (
                <li key={c.qr} className="flex items-baseline gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
                  <span className="w-6 text-right text-slate-500 tabular-nums">{i + 1}.</span>
                  <Link href={bagHref(c.qr)} className="font-mono font-semibold text-brand-700 hover:underline">
                    {c.qr}
                  </Link>
                  <span className="ml-auto text-slate-600">
                    {formatIstDateTime(c.linkedAt)}
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
