import type { Metadata } from "next";
import Link from "next/link";
import { AuditDiff } from "@/components/admin/audit-diff";
import { AuditFiltersForm } from "@/components/admin/audit-filters";
import { AuditActor, AuditEntity } from "@/components/admin/audit-names";
import { ExportLinks } from "@/components/ui/export-links";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { listQuery } from "@/lib/routes";
import { AuditFilters } from "@/lib/schemas/auth";
import { readFilters } from "@/lib/schemas/filters";
import { listAuditLog } from "@/lib/server/admin/audit-log-queries";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";
import { FilterProblems } from "@/components/ui/filter-problems";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;

const COLUMNS: Column[] = [
  { label: "Time (IST)" },
  { label: "User" },
  { label: "Action" },
  { label: "Entity" },
  { label: "IP · request" },
  { label: "Changes" },
];
const CELL = cellClass();

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageRole("admin");
  const { filters, problems } = readFilters(AuditFilters, await searchParams);
  const page = await listAuditLog(getDb(), filters);
  const newest = { ...filters, after: undefined };
  return (
    <section className="space-y-4">
      <PageHeader title="Audit log" actions={<ExportLinks what="audit" filters={newest} />} />
      <FilterProblems problems={problems} />
      <AuditFiltersForm filters={filters} />
      <DataTable columns={COLUMNS} testId="audit-table">
        {page.rows.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top">
            <td className={`${CELL} whitespace-nowrap`}>{formatIstDateTime(r.createdAt)}</td>
            <td className={CELL}>
              <AuditActor row={r} />
            </td>
            <td className={`${CELL} font-mono text-xs`}>
              {r.action}
              {r.critical && <span className="ml-1 rounded bg-red-100 px-1 text-red-900">critical</span>}
            </td>
            <td className={`${CELL} text-sm`}>
              <AuditEntity row={r} />
            </td>
            <td className={`${CELL} font-mono text-xs`}>
              {r.ip ?? "—"}
              <span className="block text-slate-500">{r.requestId?.slice(0, 8) ?? ""}</span>
            </td>
            <td className={`${CELL} min-w-64`}>
              <details>
                <summary className="cursor-pointer text-brand-700 underline">View</summary>
                <AuditDiff before={r.before} after={r.after} details={r.details} />
              </details>
            </td>
          </tr>
        ))}
      </DataTable>
      {page.rows.length === 0 && <p className="text-slate-600">No entries match these filters.</p>}
      <nav aria-label="Audit pages" className="flex gap-4">
        {filters.after && (
          <Link href={`/admin/audit${listQuery(newest)}`} className="text-brand-700 underline">
            Newest entries
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/admin/audit${listQuery(newest, page.nextCursor)}`} className="text-brand-700 underline">
            Older entries
          </Link>
        )}
      </nav>
    </section>
  );
}
