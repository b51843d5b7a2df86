import { formatCount } from "@/lib/format";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import { formatKg } from "@/components/bills/bill-format";
import type { GateOutcome } from "./gate-outcome";

// The big answer at the gate: the word (ADMITTED, ALREADY USED, …) in large type on its colour,
// what to do, and the facts the guard compares with the truck in front of them.

const CARD: Record<GateOutcome["verdict"] | "idle", string> = {
  idle: "border-slate-300 bg-white text-slate-800",
  admitted: "border-green-800 bg-green-700 text-white",
  already_used: "border-red-800 bg-red-700 text-white",
  invalid: "border-red-800 bg-red-700 text-white",
  revoked: "border-red-800 bg-red-700 text-white",
  not_yet_valid: "border-amber-600 bg-amber-300 text-slate-950",
  expired: "border-amber-600 bg-amber-300 text-slate-950",
  not_checked: "border-slate-500 bg-slate-100 text-slate-950",
};

const SYMBOL: Record<GateOutcome["verdict"], string> = {
  admitted: "✓",
  already_used: "✕",
  invalid: "✕",
  revoked: "✕",
  not_yet_valid: "!",
  expired: "!",
  not_checked: "?",
};

export function GateResultCard({ outcome }: { outcome: GateOutcome | null }) {
  const t = useWords("gate");
  const locale = useWordsLocale();
  const pass = outcome?.pass ?? null;
  return (
    <div
      data-testid="gate-result"
      data-verdict={outcome?.verdict ?? "idle"}
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      className={`rounded-2xl border-4 p-4 sm:p-6 ${CARD[outcome?.verdict ?? "idle"]}`}
    >
      {!outcome ? (
        <>
          <p className="text-sm font-bold tracking-wider uppercase">{t("card.ready")}</p>
          <p className="text-2xl font-bold">{t("card.prompt")}</p>
        </>
      ) : (
        <div className="space-y-3">
          <p className="flex items-center gap-3 text-4xl font-black tracking-tight sm:text-5xl">
            <span aria-hidden="true">{SYMBOL[outcome.verdict]}</span>
            <span data-testid="gate-verdict">{outcome.title}</span>
          </p>
          <p className="text-xl font-semibold">{outcome.instruction}</p>
          <p className="text-base break-words">{outcome.message}</p>
          {pass && (
            <dl className="grid gap-x-6 gap-y-2 rounded-xl bg-white/95 p-3 text-slate-950 sm:grid-cols-2 sm:p-4">
              <div className="sm:col-span-2">
                <dt className="text-sm font-semibold text-slate-600">{t("card.vehicle")}</dt>
                <dd data-testid="gate-vehicle" className="font-mono text-4xl font-black tracking-wider break-all sm:text-5xl">
                  {pass.vehicleNumber}
                </dd>
              </div>
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("card.driver")}</dt>
                <dd className="text-xl font-bold">
                  {pass.driverName} <span className="font-mono text-base font-normal">{pass.driverPhone}</span>
                </dd>
              </div>
              {pass.coDriverName && (
                <div>
                  <dt className="text-sm font-semibold text-slate-600">{t("card.coDriver")}</dt>
                  <dd className="text-xl font-bold">
                    {pass.coDriverName} {pass.coDriverPhone && <span className="font-mono text-base font-normal">{pass.coDriverPhone}</span>}
                  </dd>
                </div>
              )}
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("card.bill")}</dt>
                <dd className="text-xl font-bold">
                  {pass.bill.billNumber}
                  {pass.bill.customer && <span className="block text-base font-normal">{pass.bill.customer}</span>}
                </dd>
              </div>
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("card.parentBags")}</dt>
                <dd className="text-xl font-bold">{formatCount(pass.bill.linkedCount, locale)}</dd>
              </div>
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("card.weight")}</dt>
                <dd className="text-xl font-bold">
                  {formatKg(pass.bill.actualWeightKg, locale)}
                  <span className="block text-sm font-normal">{t("card.expected", { weight: formatKg(pass.bill.expectedWeightKg, locale) })}</span>
                </dd>
              </div>
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("card.pass")}</dt>
                <dd className="font-mono text-lg font-bold">{pass.code}</dd>
              </div>
              {outcome.facts.map((f) => (
                <div key={f.label} className="sm:col-span-2">
                  <dt className="text-sm font-semibold text-slate-600">{f.label}</dt>
                  <dd className="text-xl font-bold break-words">{f.value}</dd>
                </div>
              ))}
              {pass.notes && (
                <div className="sm:col-span-2">
                  <dt className="text-sm font-semibold text-slate-600">{t("card.notes")}</dt>
                  <dd className="break-words">{pass.notes}</dd>
                </div>
              )}
            </dl>
          )}
          {!pass && outcome.facts.length > 0 && (
            <dl className="space-y-1">
              {outcome.facts.map((f) => (
                <div key={f.label}>
                  <dt className="inline font-semibold">{f.label}: </dt>
                  <dd className="inline">{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}
