/** One big number with its label; `testId` lets tests read the value alone. */
export function StatCard({ label, value, testId, hint }: { label: string; value: number | null; testId: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-bold tabular-nums" data-testid={testId}>
        {value === null ? "—" : value.toLocaleString("en-IN")}
      </dd>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
