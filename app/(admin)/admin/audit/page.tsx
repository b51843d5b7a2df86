import type { Metadata } from "next";
import Link from "next/link";
import { AuditDiff } from "@/components/admin/audit-diff";
import { AuditFiltersForm } from "@/components/admin/audit-filters";
import { AuditFilters } from "@/lib/schemas/auth";
import { listAuditLog } from "@/lib/server/auth/audit-log-queries";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;

function firstValues(search: Search): Record<string, string> {
  return Object.fromEntries(Object.entries(search).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
}

function hrefWith(filters: AuditFilters, after: string | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, after })) if (v) params.set(k, v);
  const query = params.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageRole("admin");
  const parsed = AuditFilters.safeParse(firstValues(await searchParams));
  const filters: AuditFilters = parsed.success ? parsed.data : AuditFilters.parse({});
  const page = await listAuditLog(getDb(), filters);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      {!parsed.success && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          Some filters were not valid and were ignored: {parsed.error.issues.map((i) => i.message).join(" ")}
        </p>
      )}
      <AuditFiltersForm filters={filters} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Time (IST)</th>
              <th scope="col" className="px-3 py-2">User</th>
              <th scope="col" className="px-3 py-2">Action</th>
              <th scope="col" className="px-3 py-2">Entity</th>
              <th scope="col" className="px-3 py-2">IP · request</th>
              <th scope="col" className="px-3 py-2">Changes</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">{formatIstDateTime(r.createdAt)}</td>
                <td className="px-3 py-2">{r.actor ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {r.action}
                  {r.critical && <span className="ml-1 rounded bg-red-100 px-1 text-red-900">critical</span>}
                </td>
                <td className="px-3 py-2 text-xs">{r.entityType ? `${r.entityType} ${r.entityId ?? ""}` : "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {r.ip ?? "—"}
                  <span className="block text-slate-500">{r.requestId?.slice(0, 8) ?? ""}</span>
                </td>
                <td className="min-w-64 px-3 py-2">
                  <details>
                    <summary className="cursor-pointer text-brand-700 underline">View</summary>
                    <AuditDiff before={r.before} after={r.after} details={r.details} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.rows.length === 0 && <p className="p-4 text-slate-600">No entries match these filters.</p>}
      </div>
      <nav aria-label="Audit pages" className="flex gap-4">
        {filters.after && (
          <Link href={hrefWith(filters, undefined)} className="text-brand-700 underline">
            Newest entries
          </Link>
        )}
        {page.nextCursor && (
          <Link href={hrefWith(filters, page.nextCursor)} className="text-brand-700 underline">
            Older entries
          </Link>
        )}
      </nav>
    </section>
  );
}
