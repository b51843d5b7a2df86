import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { userRowId } from "@/components/admin/audit-names";
import { UserRowActions } from "@/components/admin/users-row-actions";
import { UsersCreateForm } from "@/components/admin/users-create-form";
import { UsersFiltersForm } from "@/components/admin/users-filters";
import { FilterProblems } from "@/components/ui/filter-problems";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/lib/format";
import { sessionsOfUserHref, userEditHref } from "@/lib/routes";
import { readFilters } from "@/lib/schemas/filters";
import { UserListFilters } from "@/lib/schemas/users";
import { readerTranslator, translator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listUsers, USER_LIST_LIMIT } from "@/lib/server/users/queries";

export async function generateMetadata() {
  const t = await getTranslations("users.list");
  return { title: t("metaTitle") };
}

const CELL = cellClass();

// The pseudonym a deleted account keeps (the only name the notice may show).
const PSEUDONYM = /^deleted-[0-9a-f]{8}$/;

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("admin");
  const params = await searchParams;
  const { filters, problems } = readFilters(UserListFilters, params);
  const now = new Date();
  const rows = await listUsers(getDb(), filters, now);
  const deleted = typeof params.deleted === "string" && PSEUDONYM.test(params.deleted) ? params.deleted : null;
  const { locale, t } = await readerTranslator("users.list");
  const tc = translator(locale, "common");
  const columns: Column[] = [
    { label: t("columns.username") },
    { label: t("columns.role") },
    { label: t("columns.area") },
    { label: t("columns.twoFactor") },
    { label: t("columns.lastSignIn") },
    { label: t("columns.status") },
    { label: t("columns.actions") },
  ];
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} />
      {deleted && (
        <p role="status" data-testid="user-deleted-notice" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          {t("deleted", { name: deleted })}
        </p>
      )}
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">{t("create")}</summary>
        <div className="mt-3">
          <UsersCreateForm />
        </div>
      </details>
      <UsersFiltersForm filters={filters} />
      <FilterProblems problems={problems} />
      <p className="text-sm text-slate-600" data-testid="users-count">
        {rows.length === USER_LIST_LIMIT
          ? t("capped", { n: formatCount(USER_LIST_LIMIT, locale) })
          : t("count", { count: rows.length, n: formatCount(rows.length, locale) })}
      </p>
      <DataTable columns={columns}>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-600">
              {t("empty")}
            </td>
          </tr>
        )}
        {rows.map((u) => {
          const locked = Boolean(u.lockedUntil && u.lockedUntil > now);
          // The audit log links a user here by the row's id; the row stands out when it is the target.
          return (
            <tr key={u.id} id={userRowId(u.username)} data-testid={`user-row-${u.username}`} className="scroll-mt-24 border-t border-slate-100 align-top target:bg-amber-50">
              <td className={`${CELL} font-medium`}>
                <Link href={`/admin/users/${encodeURIComponent(u.id)}`} className="text-brand-700 underline [overflow-wrap:anywhere]">
                  {u.username}
                </Link>
                {u.authSource === "ldap" && <span className="ml-1 rounded bg-sky-100 px-1 text-xs font-normal text-sky-900">{t("directory")}</span>}
                {u.email && <span className="block text-xs font-normal text-slate-500">{u.email}</span>}
              </td>
              <td className={CELL}>{tc(`roles.${u.role}`)}</td>
              <td className={CELL}>
                {u.role === "dispatcher" ? (
                  u.dispatchArea ? (
                    tc(`areas.${u.dispatchArea}`)
                  ) : (
                    <span className="text-amber-800">{t("areaNoneYet")}</span>
                  )
                ) : (
                  t("areaAll")
                )}
              </td>
              <td className={CELL}>{u.totpEnabled ? t("on") : u.role === "admin" ? <span className="text-red-700">{t("offRequired")}</span> : t("off")}</td>
              <td className={CELL}>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : t("never")}</td>
              <td className={CELL}>
                {u.deactivatedAt ? (
                  <span className="text-slate-600">{t("deactivated")}</span>
                ) : locked && u.lockedUntil ? (
                  <span className="text-red-700">{t("lockedUntil", { time: formatDateTime(u.lockedUntil, locale) })}</span>
                ) : (
                  t("active")
                )}
                <Link href={sessionsOfUserHref(u.username)} className="block text-xs text-brand-700 underline">
                  {t("sessions")}
                </Link>
              </td>
              <td className={CELL}>
                {u.role !== "customer" && (
                  <Link href={userEditHref(u.id)} className="mb-1 inline-block text-sm font-semibold text-brand-700 underline" aria-label={t("editLabel", { username: u.username })}>
                    {t("edit")}
                  </Link>
                )}
                <UserRowActions user={{ id: u.id, username: u.username, locked, hasEmail: Boolean(u.email) }} />
              </td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}
