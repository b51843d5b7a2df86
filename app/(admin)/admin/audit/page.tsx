import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuditDiff } from "@/components/admin/audit-diff";
import { AuditFiltersForm } from "@/components/admin/audit-filters";
import { AuditActionName, AuditActor, AuditEntity } from "@/components/admin/audit-names";
import { ExportLinks } from "@/components/ui/export-links";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { listQuery } from "@/lib/routes";
import { AuditFilters } from "@/lib/schemas/auth";
import { readFilters } from "@/lib/schemas/filters";
import { listAuditLog } from "@/lib/server/admin/audit-log-queries";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata() {
  const t = await getTranslations("admin.audit");
  return { title: t("title") };
}

type Search = Record<string, string | string[] | undefined>;

const CELL = cellClass();

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageRole("admin");
  const { filters, problems } = readFilters(AuditFilters, await searchParams);
  const page = await listAuditLog(getDb(), filters);
  const newest = { ...filters, after: undefined };
  const { locale, t } = await readerTranslator("admin.audit");
  const columns: Column[] = [
    { label: t("columns.time") },
    { label: t("columns.user") },
    { label: t("columns.action") },
    { label: t("columns.entity") },
    { label: t("columns.ipRequest") },
    { label: t("columns.changes") },
  ];
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} actions={<ExportLinks what="audit" filters={newest} />} />
      <FilterProblems problems={problems} />
      <AuditFiltersForm filters={filters} />
      <DataTable columns={columns} testId="audit-table">
        {page.rows.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top">
            <td className={`${CELL} whitespace-nowrap`}>{formatDateTime(r.createdAt, locale)}</td>
            <td className={CELL}>
              <AuditActor row={r} />
            </td>
            <td className={CELL}>
              <AuditActionName action={r.action} />
              {r.critical && <span className="ml-1 rounded bg-red-100 px-1 text-xs text-red-900">{t("critical")}</span>}
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
                <summary className="cursor-pointer text-brand-700 underline">{t("view")}</summary>
                <AuditDiff before={r.before} after={r.after} details={r.details} />
              </details>
            </td>
          </tr>
        ))}
      </DataTable>
      {page.rows.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      <nav aria-label={t("pages")} className="flex gap-4">
        {filters.after && (
          <Link href={`/admin/audit${listQuery(newest)}`} className="text-brand-700 underline">
            {t("newest")}
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/admin/audit${listQuery(newest, page.nextCursor)}`} className="text-brand-700 underline">
            {t("older")}
          </Link>
        )}
      </nav>
    </section>
  );
}
