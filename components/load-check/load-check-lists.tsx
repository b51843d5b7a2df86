import { useTranslations } from "next-intl";
import Link from "next/link";
import { billHref } from "@/lib/routes";
import { CHECK_KIND_STYLE, type CheckKind } from "./load-check-format";

interface Line {
  qr: string;
  /** What follows the label: "not in the system", "bill INV-7" (with a link). */
  note?: React.ReactNode;
}

function CheckList({ kind, lines, testId, empty, hint }: { kind: CheckKind; lines: Line[]; testId: string; empty: string; hint?: string }) {
  const t = useTranslations("loadCheck");
  const style = CHECK_KIND_STYLE[kind];
  const headingId = `${testId}-heading`;
  return (
    <section aria-labelledby={headingId} className={`rounded-xl border-2 bg-white break-inside-avoid ${lines.length > 0 ? style.panel : "border-slate-200"}`}>
      <h2 id={headingId} className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 text-base font-semibold">
        <span aria-hidden="true" className={`inline-flex h-6 w-6 items-center justify-center rounded-full font-bold ${style.badge}`}>
          {style.icon}
        </span>
        <span>{t(`kinds.${kind}`)}</span>
        <span className="tabular-nums text-slate-700">({lines.length})</span>
      </h2>
      {hint && lines.length > 0 && <p className={`px-4 pt-2 text-sm font-medium ${style.text}`}>{hint}</p>}
      {lines.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul data-testid={testId} className="flex flex-wrap gap-2 px-4 py-3 print:gap-1">
          {lines.map((line) => (
            <li key={line.qr} className={`rounded-md px-2 py-1 text-sm ${style.badge}`}>
              <span className="font-mono font-semibold">{line.qr}</span>
              {line.note && <span className="ml-1">{line.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface LoadCheckListsProps {
  matched: string[];
  missing: string[];
  extra: { qr: string; known: boolean }[];
  otherBill: { qr: string; billNumber: string }[];
  /** Links to the other bills (not on paper). */
  links?: boolean;
}

/** A check's four lists: matched, missing (the bill's parents not found), extra, on another bill. */
export function LoadCheckLists({ matched, missing, extra, otherBill, links = true }: LoadCheckListsProps) {
  const t = useTranslations("loadCheck.lists");
  return (
    <div className="grid gap-4 md:grid-cols-2 print:grid-cols-2 print:gap-2">
      <CheckList
        kind="missing"
        testId="check-list-missing"
        lines={missing.map((qr) => ({ qr }))}
        empty={t("missingEmpty")}
        hint={t("missingHint")}
      />
      <CheckList
        kind="extra"
        testId="check-list-extra"
        lines={extra.map(({ qr, known }) => ({ qr, note: known ? t("onNoBill") : t("notInSystem") }))}
        empty={t("none")}
        hint={t("extraHint")}
      />
      <CheckList
        kind="other_bill"
        testId="check-list-other"
        lines={otherBill.map(({ qr, billNumber }) => ({
          qr,
          note: t.rich("toBill", {
            billNumber,
            bill: (chunks) =>
              links ? (
                <Link href={billHref(billNumber)} className="font-semibold underline">
                  {chunks}
                </Link>
              ) : (
                <span className="font-semibold">{chunks}</span>
              ),
          }),
        }))}
        empty={t("none")}
        hint={t("otherHint")}
      />
      <CheckList kind="matched" testId="check-list-matched" lines={matched.map((qr) => ({ qr }))} empty={t("matchedEmpty")} />
    </div>
  );
}
