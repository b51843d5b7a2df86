import type { BillDto } from "@/lib/dto/bills";
import type { CompanyHeader, SheetDriver, SheetLine } from "@/lib/dto/dispatch-sheet";
import type { LoadCheckSummary } from "@/lib/dto/load-check";
import { SheetLoadCheck } from "@/components/load-check/sheet-load-check";
import type { PrintedStatusLink } from "@/lib/dto/status-link";
import { CHILD_WEIGHT_KG, PARENT_SPECS } from "@/lib/qr";
import { formatIstDateTime } from "@/lib/time";
import { TrackThisLoad } from "@/components/status-link/track-this-load";
import { BILL_STATUS_LABEL, formatKg, formatVarianceKg } from "./bill-format";

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
  const contact = [company.gstin && `GSTIN ${company.gstin}`, company.phone && `Phone ${company.phone}`].filter(Boolean).join(" · ");
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
          Dispatch sheet
          <span className="rounded border-2 border-slate-900 px-1.5 text-xs leading-4 font-bold tracking-normal text-slate-950">
            <span className="sr-only">Status: </span>
            {BILL_STATUS_LABEL[bill.status]}
          </span>
        </p>
        <h1 className={`font-mono leading-9 font-bold break-all ${billNumberSize(bill.billNumber)}`} data-testid="sheet-bill-number">
          {bill.billNumber}
        </h1>
      </div>
      <figure className="w-[32mm] shrink-0 text-center">
        {/* A data: URL made on the server; next/image adds nothing for a one-off SVG. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={qrImage} alt={`QR code of bill ${bill.billNumber}`} width={120} height={120} className="mx-auto h-[28mm] w-[28mm]" />
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
  const facts: [string, string][] = [
    ["Customer / destination", bill.customer ?? "—"],
    // The pass's truck when there is one (its code too); the dd clamps at two lines, so page 1 keeps its height.
    ["Vehicle", driver?.vehicleNumber ? `${driver.vehicleNumber}${driver.passCode ? ` · pass ${driver.passCode}` : ""}` : (bill.vehicleNumber ?? "—")],
    ["Bill date (IST)", formatIstDateTime(bill.createdAt)],
    ["Completed (IST)", bill.completedAt ? formatIstDateTime(bill.completedAt) : "Not completed"],
    ["Printed (IST)", `${formatIstDateTime(printedAt)} by ${printedBy}`],
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
            <dt className={LABEL}>Description</dt>
            <dd className="line-clamp-2 break-words whitespace-pre-line">{bill.description}</dd>
          </div>
        )}
      </dl>
      <div className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="sheet-driver">
        {(
          [
            ["Driver name", driver?.name],
            ["Driver phone", driver?.phone],
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
  if (line.kind === "empty") {
    return (
      <tr className={LINE}>
        <td colSpan={6} className="text-center text-slate-700">
          No parent bags on this bill.
        </td>
      </tr>
    );
  }
  if (line.kind === "children") {
    return (
      <tr className={`${LINE} border-b border-slate-200`} data-testid="sheet-children">
        <td />
        <td colSpan={5} className="overflow-hidden font-mono text-[10px] whitespace-pre text-slate-800">
          {line.continued && <span className="font-sans font-semibold">{line.parentQr} cont.: </span>}
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
      <td className="px-2">{PARENT_SPECS[p.type].label}</td>
      <td className="px-2 text-right whitespace-nowrap tabular-nums">
        {p.childCount} / {p.capacity}
        {p.partial && <span className="ml-1 text-xs font-semibold">({p.childCount === 0 ? "empty" : "partial"})</span>}
      </td>
      <td className="px-2 text-right tabular-nums">{formatKg(p.childCount * CHILD_WEIGHT_KG)}</td>
      <td className="pl-2 text-center">
        <span aria-hidden="true" className="inline-block h-4 w-4 border border-slate-700 align-middle" />
      </td>
    </tr>
  );
}

/** One page's part of the parent table. */
export function SheetTable({ lines }: { lines: SheetLine[] }) {
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
          <th scope="col" className="px-2">Parent bag</th>
          <th scope="col" className="px-2">Type</th>
          <th scope="col" className="px-2 text-right">Children</th>
          <th scope="col" className="px-2 text-right">Weight</th>
          <th scope="col" className="pl-2 text-center">Loaded ✓</th>
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

const SIGNATURES = ["Prepared by", "Loaded by", "Driver", "Gate"] as const;

/** The last page's totals and signature lines. */
export function SheetClosing({ bill }: { bill: BillDto }) {
  const totals: [string, string][] = [
    ["Parent bags", `${bill.linkedCount} of ${bill.capacity}`],
    ["Child bags", String(bill.childCount)],
    ["Actual weight", formatKg(bill.actualWeightKg)],
    ["Expected weight", formatKg(bill.expectedWeightKg)],
    ["Variance", formatVarianceKg(bill.varianceKg)],
  ];
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
      <SignatureLines roles={SIGNATURES} className="sm:grid-cols-4" />
    </>
  );
}

/** Lines to sign on a printed page, one per role: the dispatch sheet's and the load-check report's. */
export function SignatureLines({ roles, className = "" }: { roles: readonly string[]; className?: string }) {
  return (
    <section aria-label="Signatures" className={`grid grid-cols-2 gap-x-8 gap-y-6 pt-6 ${className}`}>
      {roles.map((role) => (
        <div key={role}>
          <div className="h-8 border-b border-slate-900" />
          <p className="mt-1 text-sm font-semibold">{role}</p>
          <p className="text-xs text-slate-600">Name, signature, date</p>
        </div>
      ))}
    </section>
  );
}
