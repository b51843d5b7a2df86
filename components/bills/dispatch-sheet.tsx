import { useTranslations } from "next-intl";
import type { DispatchSheet, SheetDriver, SheetPage } from "@/lib/dto/dispatch-sheet";
import type { PrintedStatusLink } from "@/lib/dto/status-link";
import { SheetClosing, SheetFacts, SheetHeader, SheetTable } from "./dispatch-sheet-parts";

interface DispatchSheetViewProps {
  sheet: DispatchSheet;
  printedAt: Date;
  printedBy: string;
  /** From the truck's gate pass once there is one (default: the sheet's own); without it the sheet leaves lines to fill in. */
  driver?: SheetDriver;
  /** The bill's public status link, printed as a "Track this load" QR beside the bill's own. */
  track?: PrintedStatusLink;
}

function DraftMark() {
  const t = useTranslations("bills.sheet");
  return (
    <p
      data-testid="sheet-draft"
      className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center overflow-hidden select-none"
    >
      <span className="-rotate-[35deg] text-[7rem] font-black tracking-[0.2em] text-slate-900/10 sm:text-[10rem]">{t("draft")}</span>
    </p>
  );
}

/**
 * A bill's dispatch sheet as the server paginated it: each page is one A4 sheet in print (the
 * whole page's height, then a page break), with the bill number and "Page X of Y" at its foot.
 * Never clipped: should a page ever hold more than measured, it runs over rather than lose a row.
 */
export function DispatchSheetView({ sheet, printedAt, printedBy, driver, track }: DispatchSheetViewProps) {
  const { bill, pages } = sheet;
  const truck = driver ?? sheet.driver;
  const t = useTranslations("bills.sheet");
  const pageOf = (page: SheetPage) => t("pageOf", { page: page.number, pages: pages.length });
  return (
    <div className="space-y-6 print:space-y-0">
      {pages.map((page) => (
        <section
          key={page.number}
          aria-label={pageOf(page)}
          data-testid="sheet-page"
          className="relative flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 text-slate-950 sm:p-8 print:min-h-[271mm] print:rounded-none print:border-0 print:p-0 [&:not(:last-child)]:break-after-page"
        >
          {sheet.draft && <DraftMark />}
          {page.number === 1 ? (
            <>
              <SheetHeader company={sheet.company} bill={bill} billUrl={sheet.billUrl} qrImage={sheet.qrImage} track={track} />
              <SheetFacts bill={bill} printedAt={printedAt} printedBy={printedBy} driver={truck} loadCheck={sheet.loadCheck} />
            </>
          ) : (
            <header className="flex items-baseline justify-between gap-3 border-b-2 border-slate-900 pb-1 text-sm">
              <span className="min-w-0 truncate font-semibold">{t("continued", { company: sheet.company.name })}</span>
              <span className="shrink-0 font-mono font-bold whitespace-nowrap">{bill.billNumber}</span>
            </header>
          )}
          {page.lines.length > 0 && <SheetTable lines={page.lines} />}
          {page.closing && <SheetClosing bill={bill} />}
          <footer className="mt-auto flex items-baseline justify-between gap-3 border-t border-slate-400 pt-1 text-xs text-slate-700">
            <span>
              {t.rich("footerBill", { billNumber: bill.billNumber, b: (chunks) => <span className="font-mono font-semibold break-all">{chunks}</span> })}
              {sheet.draft && ` · ${t("footerDraft")}`}
            </span>
            <span className="font-semibold whitespace-nowrap" data-testid="sheet-page-number">
              {pageOf(page)}
            </span>
          </footer>
        </section>
      ))}
    </div>
  );
}
