// The benchmark's baseline page (issue 20): a 50-row table of constant data, server-rendered
// under the root layout and nothing else — no session lookup, no database, no shell. It is what a
// page costs when our own code does nothing, so the bench can say what each real page adds.
//
// A page only in builds made with TT_BENCH_PAGES=1 (`npm run bench` builds that way): the
// `.bench.tsx` extension is in next.config.ts's pageExtensions only then. A production build has
// no /bench route (tests/e2e/production-build.spec.ts reads the build's route list).
const TITLE = "Bags (benchmark baseline)";
const COLUMNS = ["QR", "Type", "Status", "Contents", "Area", "Created", "By"] as const;
const AREAS = ["Lucknow", "Indore", "Jaipur", "Hisar", "Sri Ganganagar", "Sangaria", "Bathinda", "Raipur", "Gwalior", "Mathura"];
const ROWS = Array.from({ length: 50 }, (_, i) => {
  const parent = i % 3 === 0;
  return {
    qr: parent ? `SB${String(10_000 + i).padStart(5, "0")}` : `40${String(100_000 + i)}`,
    type: parent ? "Parent" : "Child",
    status: parent ? "Complete" : "Linked",
    contents: parent ? `${15 + (i % 16)} / 30` : `SB${String(10_000 + i - (i % 3)).padStart(5, "0")}`,
    area: AREAS[i % AREAS.length] ?? "",
    created: `2 Dec 2026, ${String(8 + (i % 10)).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`,
    by: `seed_dispatcher_${1 + (i % 5)}`,
  };
});

export const dynamic = "force-dynamic";

export default function BenchBaselinePage() {
  return (
    <main className="mx-auto max-w-6xl p-4">
      <h1 className="text-xl font-bold">{TITLE}</h1>
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} className="px-3 py-2 font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.qr} className="border-t border-slate-100">
              <td className="px-3 py-2 font-mono">
                <a href={`/bags/${r.qr}`} className="text-brand-700">
                  {r.qr}
                </a>
              </td>
              <td className="px-3 py-2">{r.type}</td>
              <td className="px-3 py-2">{r.status}</td>
              <td className="px-3 py-2 font-mono">{r.contents}</td>
              <td className="px-3 py-2">{r.area}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.created}</td>
              <td className="px-3 py-2">{r.by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
