import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { DispatchSheetView } from "@/components/bills/dispatch-sheet";
import { PrintButton } from "@/components/bills/print-button";
import { can } from "@/lib/permissions";
import { billHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { loadDispatchSheet } from "@/lib/server/bills/dispatch-sheet";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { printedStatusLinkOfBill } from "@/lib/server/status-link/link";

type Params = Promise<{ billNumber: string }>;
type SearchParams = Promise<{ manifest?: string | string[] }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("bills.print");
  return { title: t("metaTitle", { billNumber: decodeSegment((await params).billNumber).slice(0, 50) }) };
}

/** The bill's dispatch sheet: A4 pages to sign and hand over; `?manifest=1` lists each parent's children. */
export default async function BillPrintPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const manifest = (await searchParams).manifest === "1";
  const sheet = await loadDispatchSheet(getDb(), decodeSegment((await params).billNumber), { manifest });
  if (!sheet) notFound();
  // A fresh public status link per print, working STATUS_LINK_DAYS from now.
  const track = (await printedStatusLinkOfBill(getDb(), sheet.bill.billNumber)) ?? undefined;
  const href = billHref(sheet.bill.billNumber, "print");
  const pages = sheet.pages.length;
  const t = await getTranslations("bills.print");

  return (
    <article className="mx-auto max-w-4xl space-y-4 print:max-w-none print:space-y-0">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3 print:hidden">
        <Link href={billHref(sheet.bill.billNumber)} className="text-sm font-medium text-brand-700 hover:underline">
          ← {t("back")}
        </Link>
        <PrintButton />
        <Link
          href={manifest ? href : `${href}?manifest=1`}
          className="inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
        >
          <span aria-hidden="true" className={`inline-flex h-4 w-4 items-center justify-center rounded-sm border-2 border-slate-700 text-xs leading-none ${manifest ? "bg-slate-700 text-white" : ""}`}>
            {manifest ? "✓" : ""}
          </span>
          {manifest ? t("hideChildren") : t("includeChildren")}
        </Link>
        <p className="text-sm text-slate-600">
          {t("pages", { count: pages })}
          {sheet.draft && ` · ${t("draftNote")}`}
        </p>
      </div>
      <DispatchSheetView sheet={sheet} printedAt={new Date()} printedBy={user.username} track={track} />
    </article>
  );
}
