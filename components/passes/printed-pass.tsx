import { useLocale, useTranslations } from "next-intl";
import { formatKg } from "@/components/bills/bill-format";
import { TrackThisLoad } from "@/components/status-link/track-this-load";
import type { CompanyHeader } from "@/lib/dto/dispatch-sheet";
import type { PassDto } from "@/lib/dto/passes";
import type { PrintedStatusLink } from "@/lib/dto/status-link";
import { formatCount, formatDateTime } from "@/lib/format";
import { formatPhone } from "./pass-format";

export type PassPaper = "a5" | "a4";

// Sizes per paper: the QR and the lines the guard reads from a distance grow on A4.
const SIZES: Record<PassPaper, { qr: string; code: string; vehicle: string; facts: string; page: string }> = {
// Widths: a 16-character code and a 12-character vehicle fit beside the QR on one line each.
  a5: { qr: "h-[56mm] w-[56mm]", code: "text-2xl", vehicle: "text-3xl", facts: "text-sm", page: "max-w-xl print:min-h-[190mm]" },
  a4: { qr: "h-[90mm] w-[90mm]", code: "text-3xl", vehicle: "text-4xl", facts: "text-base", page: "max-w-3xl print:min-h-[268mm]" },
};

const LABEL = "text-[10px] font-semibold tracking-wide text-slate-600 uppercase";

function Fact({ label, children, wide = false }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? "col-span-2" : ""}`}>
      <dt className={LABEL}>{label}</dt>
      <dd className="font-semibold break-words">{children}</dd>
    </div>
  );
}

/**
 * One gate pass on one sheet (A5 by default, or A4): the company, the signed QR the gate scans,
 * the code, the truck and its driver(s), the window and what the bill carries. Each part is
 * bounded (names, customer and notes clamp) so even the longest values stay on the one sheet
 * (checked by printing the longest to PDF in Chromium); a pass no longer valid is marked across it.
 */
export function PrintedPass({
  pass,
  qrImage,
  company,
  paper,
  printedAt,
  printedBy,
  track,
}: {
  pass: PassDto;
  qrImage: string;
  company: CompanyHeader;
  paper: PassPaper;
  printedAt: Date;
  printedBy: string;
  /** The bill's public status link, printed small under the facts ("Track this load"). */
  track?: PrintedStatusLink;
}) {
  const t = useTranslations("passes.print");
  const tc = useTranslations("common");
  const locale = useLocale();
  const size = SIZES[paper];
  const status = tc(`passStatuses.${pass.status}`);
  const time = (d: Date) => formatDateTime(d, locale);
  const kg = (n: number) => formatKg(n, locale);
  const contact = [company.gstin && t("gstin", { gstin: company.gstin }), company.phone && t("phone", { phone: company.phone })].filter(Boolean).join(" · ");
  const valid = pass.status === "active" || pass.status === "not_yet_valid";
  const { bill } = pass;
  return (
    <section
      aria-label={t("ariaLabel", { code: pass.code })}
      data-testid="printed-pass"
      className={`relative mx-auto flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5 text-slate-950 print:max-w-none print:rounded-none print:border-0 print:p-0 ${size.page}`}
    >
      {!valid && (
        <p className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center overflow-hidden select-none" data-testid="printed-pass-void">
          <span className="-rotate-[35deg] text-6xl font-black tracking-widest text-red-700/25">{status.toUpperCase()}</span>
        </p>
      )}
      <header className="flex items-start justify-between gap-3 border-b-2 border-slate-900 pb-2">
        <div className="min-w-0">
          <p className="line-clamp-1 text-lg leading-6 font-bold">{company.name}</p>
          {company.address && <p className="line-clamp-1 text-xs">{company.address}</p>}
          {contact && <p className="truncate text-xs">{contact}</p>}
        </div>
        <p className="shrink-0 rounded border-2 border-slate-900 px-2 py-0.5 text-sm font-black tracking-widest uppercase">{t("heading")}</p>
      </header>

      {/* A phone's screen stacks the QR over the code; paper (even A5, narrower than `sm`) keeps them side by side. */}
      <div className="flex items-center gap-4 [@media_screen_and_(max-width:40rem)]:flex-col [@media_screen_and_(max-width:40rem)]:items-start">
        {/* A data: URL made on the server; next/image adds nothing for a one-off SVG. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={qrImage} alt={t("qrAlt", { code: pass.code })} width={240} height={240} className={`shrink-0 ${size.qr}`} />
        <div className="min-w-0 space-y-2">
          <div>
            <p className={LABEL}>{t("pass")}</p>
            <h1 className={`font-mono leading-tight font-bold break-all ${size.code}`} data-testid="printed-pass-code">
              {pass.code}
            </h1>
          </div>
          <div>
            <p className={LABEL}>{t("vehicle")}</p>
            <p className={`font-mono leading-tight font-black break-all ${size.vehicle}`} data-testid="printed-pass-vehicle">
              {pass.vehicleNumber}
            </p>
          </div>
          <div>
            <p className={LABEL}>{t("bill")}</p>
            <p className="font-mono text-lg leading-tight font-bold break-all">{pass.billNumber}</p>
          </div>
        </div>
      </div>

      <dl className={`grid grid-cols-2 gap-x-4 gap-y-1.5 ${size.facts}`}>
        <Fact label={t("driver")}>
          <span className="line-clamp-1">{pass.driverName}</span>
          <span className="font-mono">{formatPhone(pass.driverPhone)}</span>
        </Fact>
        <Fact label={t("coDriver")}>
          {pass.coDriverName ? (
            <>
              <span className="line-clamp-1">{pass.coDriverName}</span>
              <span className="font-mono">{pass.coDriverPhone ? formatPhone(pass.coDriverPhone) : ""}</span>
            </>
          ) : (
            "—"
          )}
        </Fact>
        <Fact label={t("validFrom")}>{time(pass.validFrom)}</Fact>
        <Fact label={t("validUntil")}>{time(pass.validUntil)}</Fact>
        <Fact label={t("parentBags")}>{formatCount(bill.linkedCount, locale)}</Fact>
        <Fact label={t("childBags")}>{formatCount(bill.childCount, locale)}</Fact>
        <Fact label={t("expectedWeight")}>{kg(bill.expectedWeightKg)}</Fact>
        <Fact label={t("actualWeight")}>{kg(bill.actualWeightKg)}</Fact>
        {bill.customer && (
          <Fact label={t("customer")} wide>
            <span className="line-clamp-1">{bill.customer}</span>
          </Fact>
        )}
        {pass.notes && (
          <Fact label={t("notes")} wide>
            <span className="line-clamp-2 font-normal whitespace-pre-line">{pass.notes}</span>
          </Fact>
        )}
      </dl>

      {track && <TrackThisLoad link={track} layout="beside" imageClassName={paper === "a4" ? "h-[30mm] w-[30mm]" : "h-[18mm] w-[18mm]"} />}

      <footer className="mt-auto flex flex-wrap items-baseline justify-between gap-x-3 border-t border-slate-400 pt-1 text-[10px] text-slate-700">
        <span>{t.rich("footerStatus", { status, b: (chunks) => <span className="font-semibold">{chunks}</span> })}</span>
        <span>{t("footerPrinted", { time: time(printedAt), by: printedBy, copy: formatCount(pass.printCount, locale) })}</span>
      </footer>
    </section>
  );
}
