import { formatKg } from "@/components/bills/bill-format";
import type { PublicBillStatus, StatusLinkErrorCode } from "@/lib/dto/status-link";
import { PUBLIC_LOAD_STATE_LABEL } from "@/lib/status-link";
import { formatIstDateTime } from "@/lib/time";

// The public status page's pieces (no staff shell, no navigation: whoever holds the link is not
// signed in). They show the PublicBillStatus fields and nothing else.

/** The page around a status or a refusal: the product name, one card, nothing to navigate to. */
export function PublicStatusShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-start justify-center bg-slate-100 p-4 sm:items-center">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-lg sm:p-8">
        <p className="text-sm font-bold tracking-wide text-brand-700 uppercase">TraceTrack · Load status</p>
        {children}
      </div>
    </main>
  );
}

const ist = (d: Date | string) => `${formatIstDateTime(d)} IST`;

/** One bill's public facts: dispatched or not (and when), parents, weight, as of when, until when. */
export function PublicStatusView({ status }: { status: PublicBillStatus }) {
  const facts: [label: string, value: string, testId: string][] = [
    ["Parent bags", String(status.parents), "status-parents"],
    ["Total weight", formatKg(status.weightKg), "status-weight"],
  ];
  return (
    <article className="mt-1 space-y-5" data-testid="status-card">
      <h1 className="text-2xl font-bold break-all text-slate-950">
        <span className="font-normal text-slate-500">Bill </span>
        <span data-testid="status-bill-number">{status.billNumber}</span>
      </h1>
      {status.dispatched ? (
        <div className="rounded-lg border-2 border-sky-800 bg-sky-50 p-4 text-sky-950" role="status">
          <p className="text-2xl font-black" data-testid="status-verdict">
            Dispatched
          </p>
          {status.dispatchedAt && (
            <p className="mt-1" data-testid="status-dispatched-at">
              Left the gate on {ist(status.dispatchedAt)}
            </p>
          )}
        </div>
      ) : (
        <div className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-amber-950" role="status">
          <p className="text-2xl font-black" data-testid="status-verdict">
            Not dispatched yet
          </p>
          <p className="mt-1 font-semibold" data-testid="status-state">
            {PUBLIC_LOAD_STATE_LABEL[status.state]}
          </p>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3">
        {facts.map(([label, value, testId]) => (
          <div key={label} className="rounded-lg border border-slate-200 p-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-0.5 text-xl font-bold tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div className="space-y-1 text-sm text-slate-700">
        <p data-testid="status-as-of">As of {ist(status.asOf)}</p>
        <p data-testid="status-expires">This link works until {ist(status.expiresAt)}.</p>
      </div>
    </article>
  );
}

const REFUSAL_TITLE: Record<StatusLinkErrorCode, string> = {
  invalid_link: "Link not valid",
  expired_link: "Link expired",
  not_found: "No longer available",
  rate_limited: "Too many look-ups",
};

/** Why a link shows nothing: not valid, expired, its bill gone, or too many look-ups. */
export function StatusLinkRefusal({ code, message }: { code: StatusLinkErrorCode; message: string }) {
  return (
    <section className="mt-1 space-y-4" data-testid="status-refusal" data-code={code}>
      <h1 className="text-2xl font-bold text-slate-950">{REFUSAL_TITLE[code]}</h1>
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950" data-testid="status-refusal-message">
        {message}
      </p>
    </section>
  );
}
