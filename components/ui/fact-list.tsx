/** One labelled value of a detail page. */
export type Fact = readonly [label: string, value: React.ReactNode];

/** The facts of one thing (a bag, a bill) as a grid of labelled cards. */
export function FactList({ facts, testId }: { facts: readonly Fact[]; testId?: string }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid={testId}>
      {facts.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-sm text-slate-600">{label}</dt>
          <dd className="mt-0.5 text-lg font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
