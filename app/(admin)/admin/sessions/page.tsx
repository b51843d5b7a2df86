import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SessionRowActions } from "@/components/admin/sessions-row-actions";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/lib/format";
import { listQuery } from "@/lib/routes";
import { SessionFilters } from "@/lib/schemas/auth";
import { readFilters } from "@/lib/schemas/filters";
import { listActiveSessions } from "@/lib/server/admin/admin-sessions";
import { readerTranslator, translator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata() {
  const t = await getTranslations("admin.sessions");
  return { title: t("metaTitle") };
}

const CELL = cellClass();

/** The list at page `page` of the same filter (the first page has no number in its address). */
const pageHref = (user: string | undefined, page: number) => `/admin/sessions${listQuery({ user, page: page > 1 ? page : undefined })}`;

export default async function AdminSessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requirePageRole("admin");
  const { filters, problems } = readFilters(SessionFilters, await searchParams);
  const username = filters.user;
  const { rows, total, page, pageCount } = await listActiveSessions(getDb(), sessionPolicy(), { username, page: filters.page, currentToken: admin.sessionToken });
  const { locale, t } = await readerTranslator("admin.sessions");
  const tc = translator(locale, "common");
  const columns: Column[] = [
    { label: t("columns.user") },
    { label: t("columns.ip") },
    { label: t("columns.device") },
    { label: t("columns.signedIn") },
    { label: t("columns.lastActivity") },
    { label: t("columns.ends") },
    { label: t("columns.actions") },
  ];
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} />
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="sessions-user" className="text-sm font-semibold">
            {t("userFilter")}
          </label>
          <input id="sessions-user" name="user" defaultValue={username ?? ""} maxLength={64} className="rounded-md border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
          {t("filter")}
        </button>
      </form>
      <FilterProblems problems={problems} />
      <p className="text-sm text-slate-600">
        {t("summary", {
          count: total,
          n: formatCount(total, locale),
          paged: pageCount > 1 ? "yes" : "no",
          page: formatCount(page, locale),
          pages: formatCount(pageCount, locale),
        })}
      </p>
      <DataTable columns={columns}>
        {rows.map((s) => (
          <tr key={s.id} data-testid={`session-row-${s.username}`} className="border-t border-slate-100 align-top">
            <td className={`${CELL} font-medium`}>
              {s.username} <span className="font-normal text-slate-500">· {tc(`roles.${s.role}`)}</span>
              {s.current && <span className="ml-1 rounded bg-brand-50 px-1 text-xs text-brand-900">{t("thisSession")}</span>}
            </td>
            <td className={`${CELL} font-mono text-xs`}>{s.ip ?? "—"}</td>
            <td className={`${CELL} max-w-xs text-sm`} title={s.userAgent ?? undefined}>
              {s.device ?? "—"}
            </td>
            <td className={CELL}>{formatDateTime(s.createdAt, locale)}</td>
            <td className={CELL}>{formatDateTime(s.lastActiveAt, locale)}</td>
            <td className={CELL}>{formatDateTime(s.expiresAt, locale)}</td>
            <td className={CELL}>
              <SessionRowActions userId={s.userId} sessionId={s.id} username={s.username} />
            </td>
          </tr>
        ))}
      </DataTable>
      {rows.length === 0 && <p className="text-slate-600">{page > 1 ? t("noneOnPage") : t("noneMatch")}</p>}
      <nav aria-label={t("pages")} className="flex gap-4">
        {page > 1 && (
          <Link href={pageHref(username, Math.min(page - 1, pageCount))} className="text-brand-700 underline">
            {t("previous")}
          </Link>
        )}
        {page < pageCount && (
          <Link href={pageHref(username, page + 1)} className="text-brand-700 underline">
            {t("next")}
          </Link>
        )}
      </nav>
    </section>
  );
}
