import { useLocale, useTranslations } from "next-intl";
import type { BillDto } from "@/lib/dto/bills";
import type { CompanyHeader, SheetDriver, SheetLine } from "@/lib/dto/dispatch-sheet";
import type { LoadCheckSummary } from "@/lib/dto/load-check";
import { SheetLoadCheck } from "@/components/load-check/sheet-load-check";
import type { PrintedStatusLink } from "@/lib/dto/status-link";
import { formatCount, formatDateTime } from "@/lib/format";
import { CHILD_WEIGHT_KG } from "@/lib/qr";
import { TrackThisLoad } from "@/components/status-link/track-this-load";
import { formatKg, formatVarianceKg } from "./bill-format";

// The pieces of a dispatch sheet page. Heights here are what lib/server/bills/dispatch-pages.ts
// counts on: every table line is LINE tall, whatever it holds.

const LINE = "h-[6.5mm]";
const LABEL = "text-xs font-semibold uppercase tracking-wide text-slate-600";

/** Type size that keeps a bill number (at most 50 characters) on one line beside the QR code. */
function billNumberSize(billNumber: string): string {
  if (billNumber.length <= 24) return "text-3xl";
  if (billNumber.length <= 36) return "text-2xl";
  return "text-lg";
}

/**
 * Page 1's top: the company, the bill number and status, and the bill's QR code. Every part is
 * bounded (names and the address clamp at two lines), so its height stays within what
 * A4_SHEET.firstPageLines leaves.
 */
export function SheetHeader({
  company,
  bill,
  billUrl,
  qrImage,
  track,
}: {
  company: CompanyHeader;
  bill: BillDto;
  billUrl: string;
  qrImage: string;
  /** The public status link's QR; shorter than the bill's QR with its URL, so the header keeps its height. */
  track?: PrintedStatusLink;
}) {
  const t = useTranslations("bills.sheet");
  const tc = useTranslations("common");
  const contact = [company.gstin && t("gstin", { gstin: company.gstin }), company.phone && t("phone", { phone: company.phone })].filter(Boolean).join(" · ");
  return (
    <header className="flex items-start justify-between gap-4 border-b-2 border-slate-900 pb-3">
      {/* flex-1: the QR codes (the bill's, and the status link's when given) sit together at the right. */}
      <div className="min-w-0 flex-1">
        <p className="line-clamp-2 text-lg leading-7 font-bold" data-testid="sheet-company">
          {company.name}
        </p>
        {company.address && <p className="line-clamp-2 text-xs">{company.address}</p>}
        {contact && <p className="truncate text-xs">{contact}</p>}
        <p className="mt-1 flex flex-wrap items-center gap-x-3 text-sm font-semibold uppercase tracking-widest text-slate-700">
          {t("title")}
          <span className="rounded border-2 border-slate-900 px-1.5 text-xs leading-4 font-bold tracking-normal text-slate-950">
            <span className="sr-only">{t("status")} </span>
            {tc(`billStatuses.${bill.status}`)}
          </span>
        </p>
        <h1 className={`font-mono leading-9 font-bold break-all ${billNumberSize(bill.billNumber)}`} data-testid="sheet-bill-number">
          {bill.billNumber}
        </h1>
      </div>
      <figure className="w-[32mm] shrink-0 text-center">
        {/* A data: URL made on the server; next/image adds nothing for a one-off SVG. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={qrImage} alt={t("billQrAlt", { billNumber: bill.billNumber })} width={120} height={120} className="mx-auto h-[28mm] w-[28mm]" />
        <figcaption className="line-clamp-4 font-mono text-[8px] leading-tight break-all" data-testid="sheet-bill-url">
          {billUrl}
        </figcaption>
      </figure>
      {track && <TrackThisLoad link={track} className="w-[28mm]" imageClassName="h-[24mm] w-[24mm]" />}
    </header>
  );
}

/** Page 1's bill facts and the driver's lines (filled from a gate pass when there is one). */
export function SheetFacts({ bill, printedAt, printedBy, driver, loadCheck }: { bill: BillDto; printedAt: Date; printedBy: string; driver?: SheetDriver; loadCheck?: LoadCheckSummary }) {
  const t = useTranslations("bills.sheet");
  const locale = useLocale();
  const vehicle = driver?.vehicleNumber
    ? driver.passCode
      ? t("vehicleWithPass", { vehicle: driver.vehicleNumber, code: driver.passCode })
      : driver.vehicleNumber
    : (bill.vehicleNumber ?? "—");
  const facts: [string, string][] = [
    [t("customer"), bill.customer ?? "—"],
    // The pass's truck when there is one (its code too); the dd clamps at two lines, so page 1 keeps its height.
    [t("vehicle"), vehicle],
    [t("billDate"), formatDateTime(bill.createdAt, locale)],
    [t("completed"), bill.completedAt ? formatDateTime(bill.completedAt, locale) : t("notCompleted")],
    [t("printed"), t("printedBy", { at: formatDateTime(printedAt, locale), user: printedBy })],
  ];
  return (
    <>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className={LABEL}>{label}</dt>
            <dd className="line-clamp-2 font-semibold break-words">{value}</dd>
          </div>
        ))}
        <SheetLoadCheck check={loadCheck} />
        {bill.description && (
          <div className="col-span-2 sm:col-span-3">
            <dt className={LABEL}>{t("description")}</dt>
            <dd className="line-clamp-2 break-words whitespace-pre-line">{bill.description}</dd>
          </div>
        )}
      </dl>
      <div className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="sheet-driver">
        {(
          [
            [t("driverName"), driver?.name],
            [t("driverPhone"), driver?.phone],
          ] as const
        ).map(([label, value]) => (
          <p key={label} className="flex items-end gap-2">
            <span className="font-semibold whitespace-nowrap">{label}</span>
            <span className="min-h-6 min-w-0 flex-1 truncate border-b border-slate-900 font-semibold">{value}</span>
          </p>
        ))}
      </div>
    </>
  );
}

function LineRow({ line }: { line: SheetLine }) {
  const t = useTranslations("bills.sheet");
  const tp = useTranslations("bills.parents");
  const locale = useLocale();
  if (line.kind === "empty") {
    return (
      <tr className={LINE}>
        <td colSpan={6} className="text-center text-slate-700">
          {t("noParents")}
        </td>
      </tr>
    );
  }
  if (line.kind === "children") {
    return (
      <tr className={`${LINE} border-b border-slate-200`} data-testid="sheet-children">
        <td />
        <td colSpan={5} className="overflow-hidden font-mono text-[10px] whitespace-pre text-slate-800">
          {line.continued && <span className="font-sans font-semibold">{t("continuedLine", { qr: line.parentQr })} </span>}
          {line.qrs.join("  ")}
        </td>
      </tr>
    );
  }
  const p = line.parent;
  return (
    <tr className={`${LINE} border-b border-slate-300`}>
      <td className="pr-2 text-right tabular-nums">{line.position}</td>
      <td className="px-2 font-mono font-semibold">{p.qr}</td>
      <td className="px-2">{tp(`kinds.${p.type}`)}</td>
      <td className="px-2 text-right whitespace-nowrap tabular-nums">
        {p.childCount} / {p.capacity}
        {p.partial && <span className="ml-1 text-xs font-semibold">({p.childCount === 0 ? t("empty") : t("partial")})</span>}
      </td>
      <td className="px-2 text-right tabular-nums">{formatKg(p.childCount * CHILD_WEIGHT_KG, locale)}</td>
      <td className="pl-2 text-center">
        <span aria-hidden="true" className="inline-block h-4 w-4 border border-slate-700 align-middle" />
      </td>
    </tr>
  );
}

/** One page's part of the parent table. */
export function SheetTable({ lines }: { lines: SheetLine[] }) {
  const t = useTranslations("bills.sheet");
  return (
    <div className="overflow-x-auto print:overflow-visible">
    <table className="w-full min-w-[150mm] table-fixed border-collapse text-sm leading-5" data-testid="sheet-parents">
      <colgroup>
        <col className="w-[10mm]" />
        <col className="w-[34mm]" />
        <col />
        <col className="w-[32mm]" />
        <col className="w-[22mm]" />
        <col className="w-[20mm]" />
      </colgroup>
      <thead>
        <tr className={`${LINE} border-b-2 border-slate-900 text-left`}>
          <th scope="col" className="pr-2 text-right">#</th>
          <th scope="col" className="px-2">{t("parentBag")}</th>
          <th scope="col" className="px-2">{t("type")}</th>
          <th scope="col" className="px-2 text-right">{t("children")}</th>
          <th scope="col" className="px-2 text-right">{t("weight")}</th>
          <th scope="col" className="pl-2 text-center">{t("loaded")}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, i) => (
          <LineRow key={line.kind === "parent" ? line.parent.qr : `${line.kind}-${i}`} line={line} />
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** The last page's totals and signature lines. */
export function SheetClosing({ bill }: { bill: BillDto }) {
  const t = useTranslations("bills.sheet");
  const locale = useLocale();
  const totals: [string, string][] = [
    [t("totals.parents"), t("totals.parentsOf", { linked: formatCount(bill.linkedCount, locale), capacity: formatCount(bill.capacity, locale) })],
    [t("totals.children"), formatCount(bill.childCount, locale)],
    [t("totals.actual"), formatKg(bill.actualWeightKg, locale)],
    [t("totals.expected"), formatKg(bill.expectedWeightKg, locale)],
    [t("totals.variance"), formatVarianceKg(bill.varianceKg, locale)],
  ];
  const signatures = [t("signatures.prepared"), t("signatures.loaded"), t("signatures.driver"), t("signatures.gate")];
  return (
    <>
      <dl className="grid grid-cols-2 gap-2 border-2 border-slate-900 p-3 text-sm sm:grid-cols-5" data-testid="sheet-totals">
        {totals.map(([label, value]) => (
          <div key={label}>
            <dt className={LABEL}>{label}</dt>
            <dd className="text-lg font-bold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <SignatureLines roles={signatures} className="sm:grid-cols-4" />
    </>
  );
}

/** Lines to sign on a printed page, one per role: the dispatch sheet's and the load-check report's. */
export function SignatureLines({ roles, className = "" }: { roles: readonly string[]; className?: string }) {
  const t = useTranslations("bills.sheet.signatures");
  return (
    <section aria-label={t("label")} className={`grid grid-cols-2 gap-x-8 gap-y-6 pt-6 ${className}`}>
      {roles.map((role) => (
        <div key={role}>
          <div className="h-8 border-b border-slate-900" />
          <p className="mt-1 text-sm font-semibold">{role}</p>
          <p className="text-xs text-slate-600">{t("fill")}</p>
        </div>
      ))}
    </section>
  );
}
