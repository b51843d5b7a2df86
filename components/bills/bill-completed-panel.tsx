import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import type { BillStatus, PassStatus } from "@/lib/domain";
import { formatDateTime } from "@/lib/format";
import { newPassHref, passHref } from "@/lib/routes";

export function LockIcon({ className = "mt-0.5 h-5 w-5" }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className={`${className} shrink-0 fill-current`}>
      <path d="M10 1.5a4.5 4.5 0 0 0-4.5 4.5v2.5H4.75A1.75 1.75 0 0 0 3 10.25v6.5c0 .97.78 1.75 1.75 1.75h10.5c.97 0 1.75-.78 1.75-1.75v-6.5c0-.97-.78-1.75-1.75-1.75H14.5V6A4.5 4.5 0 0 0 10 1.5Zm2.5 7h-5V6a2.5 2.5 0 0 1 5 0v2.5Z" />
    </svg>
  );
}

/**
 * What a completed bill shows where the scan input was: it takes no bags, so there is nothing
 * to scan into. `onReopen` is absent for viewers who may not reopen it. The button never takes
 * the focus by itself: a scanner's Enter must not reopen a bill.
 */
export function BillCompletedPanel({ completedAt, onReopen }: { completedAt: Date | null; onReopen?: () => void }) {
  const t = useTranslations("bills.completedPanel");
  const locale = useLocale();
  return (
    <section aria-labelledby="bill-completed-heading" data-testid="bill-completed-panel" className="rounded-xl border-2 border-green-700 bg-green-50 p-4 text-green-950">
      <h2 id="bill-completed-heading" className="flex items-start gap-2 text-xl font-bold sm:text-2xl">
        <LockIcon className="mt-1 h-6 w-6" />
        <span>{t("title")}</span>
      </h2>
      <p className="mt-1">
        {completedAt && (
          <>
            {t.rich("completedAt", {
              at: formatDateTime(completedAt, locale),
              time: (chunks) => (
                <time dateTime={completedAt.toISOString()} suppressHydrationWarning>
                  {chunks}
                </time>
              ),
            })}{" "}
          </>
        )}
        {t("body")}
      </p>
      {onReopen ? (
        <button
          type="button"
          onClick={onReopen}
          className="mt-3 min-h-12 w-full rounded-lg border-2 border-green-800 bg-white px-5 text-lg font-semibold text-green-900 hover:bg-green-100 sm:w-auto"
        >
          {t("reopen")}
        </button>
      ) : (
        <p className="mt-2 text-sm">{t("whoReopens")}</p>
      )}
    </section>
  );
}

/** What the bill page knows of the truck's gate pass: the newest one not revoked. */
export interface BillGatePassInfo {
  code: string;
  status: PassStatus;
  usedAt: Date | null;
}

const PASS_LINK = "font-mono font-semibold text-brand-700 underline underline-offset-2";

/**
 * A completed or dispatched bill's gate pass: "Issue gate pass" while it has none that counts (none,
 * or one that expired unused), a link to the pass while it is active or used, and for a dispatched
 * bill when its truck left. `canIssue`: the viewer may issue passes.
 */
export function BillGatePass({
  billNumber,
  status,
  pass,
  canIssue,
}: {
  billNumber: string;
  status: BillStatus;
  pass: BillGatePassInfo | null;
  canIssue: boolean;
}) {
  const t = useTranslations("bills.gatePass");
  const locale = useLocale();
  const passLink = (chunks: React.ReactNode) =>
    pass && (
      <Link href={passHref(pass.code)} className={PASS_LINK}>
        {chunks}
      </Link>
    );
  if (status === "dispatched") {
    return (
      <section aria-labelledby="bill-dispatched-heading" data-testid="bill-dispatched-panel" className="rounded-xl border-2 border-sky-800 bg-sky-50 p-4 text-sky-950">
        <h2 id="bill-dispatched-heading" className="flex items-start gap-2 text-xl font-bold sm:text-2xl">
          <LockIcon className="mt-1 h-6 w-6" />
          <span>{t("dispatchedTitle")}</span>
        </h2>
        <p className="mt-1">
          {pass?.usedAt
            ? t.rich("dispatchedAt", {
                at: formatDateTime(pass.usedAt, locale),
                code: pass.code,
                time: (chunks) => (
                  <time dateTime={pass.usedAt?.toISOString()} suppressHydrationWarning>
                    {chunks}
                  </time>
                ),
                pass: passLink,
              })
            : t("dispatchedThroughGate")}{" "}
          {t("dispatchedFinal")}
        </p>
      </section>
    );
  }
  if (status !== "completed") return null;
  const counts = pass && pass.status !== "expired";
  return (
    <section aria-labelledby="bill-gate-pass-heading" data-testid="bill-gate-pass" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="min-w-0">
        <h2 id="bill-gate-pass-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-slate-700">
          {counts
            ? t.rich(pass.status === "used" ? "used" : pass.status === "not_yet_valid" ? "notYetValid" : "active", { code: pass.code, pass: passLink })
            : pass
              ? t.rich("expired", { code: pass.code, pass: passLink })
              : t("none")}
        </p>
      </div>
      {!counts && canIssue && (
        <Link href={newPassHref(billNumber)} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900">
          {t("issue")}
        </Link>
      )}
    </section>
  );
}
