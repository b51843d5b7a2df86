import { useTranslations } from "next-intl";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { LoadCheckCounts } from "@/lib/dto/load-check";
import { CHECK_KIND_STYLE, loadCheckClean, type CheckKind } from "./load-check-format";

function Count({ kind, value, testId }: { kind: Exclude<CheckKind, "matched">; value: number; testId: string }) {
  const t = useTranslations("loadCheck");
  const style = CHECK_KIND_STYLE[kind];
  const zero = value === 0;
  return (
    <div className={`rounded-lg border-2 p-2 text-center ${zero ? "border-slate-200 bg-slate-50" : style.panel}`}>
      <dt className={`text-xs font-semibold uppercase tracking-wide ${zero ? "text-slate-600" : style.text}`}>
        <span aria-hidden="true">{style.icon} </span>
        {t(`kinds.${kind}`)}
      </dt>
      <dd data-testid={testId} className={`text-3xl font-bold tabular-nums ${zero ? "text-slate-700" : style.text}`}>
        {value}
      </dd>
    </div>
  );
}

/**
 * A check's counters: matched n / expected in big type with a bar, then missing, extra and on
 * another bill (each with its word and icon, coloured only when not zero). Sized by its container.
 */
export function LoadCheckTally({ counts: c, title }: { counts: LoadCheckCounts; title?: string }) {
  const t = useTranslations("loadCheck.tally");
  const clean = loadCheckClean(c) && c.expected > 0;
  return (
    <section aria-label={title ?? t("title")} data-testid="check-tally" className={`@container rounded-xl border-2 bg-white p-4 ${clean ? "border-green-700" : "border-slate-200"}`}>
      <p className="text-sm font-medium text-slate-600">
        <span aria-hidden="true" className="font-bold text-green-800">
          {CHECK_KIND_STYLE.matched.icon}{" "}
        </span>
        {t("matchedHeading")}
      </p>
      <p className="mt-1 text-center font-bold tabular-nums" aria-label={t("matchedLabel", { matched: c.matched, expected: c.expected })}>
        <span data-testid="check-matched" className="text-6xl @lg:text-7xl">
          {c.matched} / {c.expected}
        </span>
      </p>
      <ProgressBar value={c.matched} max={c.expected} label={t("barLabel")} />
      <dl className="mt-3 grid grid-cols-3 gap-2">
        <Count kind="missing" value={c.missing} testId="check-missing-count" />
        <Count kind="extra" value={c.extra} testId="check-extra-count" />
        <Count kind="other_bill" value={c.otherBill} testId="check-other-count" />
      </dl>
      {clean && (
        <p data-testid="check-clean" className="mt-3 rounded-lg border-2 border-green-700 bg-green-50 p-2 font-semibold text-green-950">
          <span aria-hidden="true">✓ </span>
          {t("clean")}
        </p>
      )}
    </section>
  );
}
