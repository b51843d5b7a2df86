import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import { SignatureLines } from "@/components/bills/dispatch-sheet-parts";
import { PrintButton } from "@/components/bills/print-button";
import { loadCheckHref } from "@/components/load-check/load-check-format";
import { LoadCheckLists } from "@/components/load-check/load-check-lists";
import { LoadCheckTally } from "@/components/load-check/load-check-tally";
import { can } from "@/lib/permissions";
import { billHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/detail";
import { companyHeaderOf } from "@/lib/server/bills/dispatch-sheet";
import { loadCheckOfBill } from "@/lib/server/bills/load-check-queries";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { decodeSegment } from "@/lib/server/route";
import { formatCount, formatDateTime } from "@/lib/format";
import { invalidQrMessage } from "@/lib/station";

type Params = Promise<{ billNumber: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("loadCheck.report");
  return { title: t("metaTitle", { billNumber: decodeSegment((await params).billNumber).slice(0, 50) }) };
}

const LABEL = "text-xs font-semibold uppercase tracking-wide text-slate-600";

/** One saved load check of a bill, printable on A4 (the app's header and the buttons stay off paper). */
export default async function LoadCheckReportPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const { billNumber: rawBillNumber, id } = await params;
  const check = await loadCheckOfBill(getDb(), decodeSegment(rawBillNumber), decodeSegment(id));
  if (!check) notFound();
  const detail = await getBill(getDb(), check.billNumber);
  if (!detail) notFound();
  const { bill } = detail;
  const { report } = check;
  const company = companyHeaderOf(getEnv());
  const unknown = new Set(report.unknown);
  const [t, tl, words, locale] = await Promise.all([getTranslations("loadCheck.report"), getTranslations("loadCheck"), getTranslations(), getLocale()]);
  const facts: [string, string][] = [
    [t("customer"), bill.customer ?? "—"],
    [t("vehicle"), bill.vehicleNumber ?? "—"],
    [t("checkedAt"), formatDateTime(check.createdAt, locale)],
    [t("checkedBy"), check.checkedBy ?? "—"],
    [t("expected"), formatCount(check.expected, locale)],
    [t("printed"), t("printedBy", { at: formatDateTime(new Date(), locale), user: user.username })],
  ];

  return (
    <article className="mx-auto max-w-4xl space-y-4 print:max-w-none">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3 print:hidden">
        <Link href={billHref(bill.billNumber)} className="text-sm font-medium text-brand-700 hover:underline">
          ← {t("back")}
        </Link>
        <PrintButton />
        {can(user.role, "bills:check") && (
          <Link href={loadCheckHref(bill.billNumber)} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50">
            {t("newCheck")}
          </Link>
        )}
      </div>
      <div data-testid="check-report" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 text-slate-950 sm:p-8 print:rounded-none print:border-0 print:p-0">
        <header className="border-b-2 border-slate-900 pb-3">
          <p className="text-lg font-bold">{company.name}</p>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 text-sm font-semibold uppercase tracking-widest text-slate-700">
            {t("heading")}
            <BillStatusBadge status={bill.status} />
          </p>
          <h1 className="font-mono text-3xl font-bold break-all" data-testid="check-report-bill">
            {bill.billNumber}
          </h1>
        </header>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          {facts.map(([label, value]) => (
            <div key={label} className="min-w-0">
              <dt className={LABEL}>{label}</dt>
              <dd className="font-semibold break-words">{value}</dd>
            </div>
          ))}
          {check.notes && (
            <div className="col-span-2 sm:col-span-3">
              <dt className={LABEL}>{t("notes")}</dt>
              <dd className="break-words whitespace-pre-line" data-testid="check-report-notes">
                {check.notes}
              </dd>
            </div>
          )}
        </dl>
        <LoadCheckTally counts={check} title={t("counts")} />
        <LoadCheckLists
          matched={report.matched}
          missing={report.missing}
          extra={report.extra.map((qr) => ({ qr, known: !unknown.has(qr) }))}
          otherBill={report.otherBill}
        />
        {(report.refused.length > 0 || report.duplicates > 0) && (
          <section aria-labelledby="report-refused-heading" className="rounded-xl border border-slate-200 p-4 text-sm break-inside-avoid">
            <h2 id="report-refused-heading" className="font-semibold">
              <span aria-hidden="true">✕ </span>
              {t("notCounted")}
            </h2>
            {report.refused.length > 0 && (
              <ul className="mt-1 list-disc pl-5" data-testid="check-report-refused">
                {report.refused.map((r) => (
                  <li key={r.qr} className="break-words">
                    {r.code === "wrong_type" ? tl("state.childLabel", { qr: r.qr }) : invalidQrMessage({ kind: "invalid", qr: r.qr, message: r.message }, words)}
                  </li>
                ))}
              </ul>
            )}
            {report.duplicates > 0 && (
              <p className="mt-1">
                {t("duplicates", { count: report.duplicates })}
              </p>
            )}
          </section>
        )}
        <SignatureLines roles={[t("signChecked"), t("signDriver")]} className="break-inside-avoid" />
      </div>
    </article>
  );
}
