import { useLocale } from "next-intl";
import { formatCount } from "@/lib/format";

/** One big number (in the reader's digits, lakh grouping) with its label; `testId` lets tests read the value alone. */
export function StatCard({ label, value, testId, hint }: { label: string; value: number | null; testId: string; hint?: string }) {
  const locale = useLocale();
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-bold tabular-nums" data-testid={testId}>
        {value === null ? "—" : formatCount(value, locale)}
      </dd>
      {hint && <dd className="mt-1 text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}
