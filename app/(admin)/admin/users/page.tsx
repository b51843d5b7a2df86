import type { Metadata } from "next";
import Link from "next/link";
import { userRowId } from "@/components/admin/audit-names";
import { UserRowActions } from "@/components/admin/users-row-actions";
import { UsersCreateForm } from "@/components/admin/users-create-form";
import { UsersFiltersForm } from "@/components/admin/users-filters";
import { FilterProblems } from "@/components/ui/filter-problems";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea, formatRole } from "@/lib/domain";
import { sessionsOfUserHref, userEditHref } from "@/lib/routes";
import { readFilters } from "@/lib/schemas/filters";
import { UserListFilters } from "@/lib/schemas/users";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listUsers, USER_LIST_LIMIT } from "@/lib/server/users/queries";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Users" };

const COLUMNS: Column[] = [
  { label: "Username" },
  { label: "Role" },
  { label: "Area" },
  { label: "2FA" },
  { label: "Last sign-in (IST)" },
  { label: "Status" },
  { label: "Actions" },
];
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
  return (
    <section className="space-y-6">
      <PageHeader title="Users" />
      {deleted && (
        <p role="status" data-testid="user-deleted-notice" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          The user was deleted. Their scans and audit entries are kept under the name {deleted}.
        </p>
      )}
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">Create a user</summary>
        <div className="mt-3">
          <UsersCreateForm />
        </div>
      </details>
      <UsersFiltersForm filters={filters} />
      <FilterProblems problems={problems} />
      <p className="text-sm text-slate-600" data-testid="users-count">
        {rows.length === USER_LIST_LIMIT ? `The first ${USER_LIST_LIMIT} users; narrow the filters to see others.` : `${rows.length} user${rows.length === 1 ? "" : "s"}`}
      </p>
      <DataTable columns={COLUMNS}>
        {rows.length === 0 && (
          <tr>
            <td colSpan={COLUMNS.length} className="px-3 py-4 text-center text-slate-600">
              No users match these filters.
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
                {u.authSource === "ldap" && <span className="ml-1 rounded bg-sky-100 px-1 text-xs font-normal text-sky-900">directory</span>}
                {u.email && <span className="block text-xs font-normal text-slate-500">{u.email}</span>}
              </td>
              <td className={CELL}>{formatRole(u.role)}</td>
              <td className={CELL}>{u.role === "dispatcher" ? (u.dispatchArea ? formatArea(u.dispatchArea) : <span className="text-amber-800">None yet</span>) : "All"}</td>
              <td className={CELL}>{u.totpEnabled ? "On" : u.role === "admin" ? <span className="text-red-700">Off (required)</span> : "Off"}</td>
              <td className={CELL}>{u.lastLoginAt ? formatIstDateTime(u.lastLoginAt) : "Never"}</td>
              <td className={CELL}>
                {u.deactivatedAt ? (
                  <span className="text-slate-600">Deactivated</span>
                ) : locked && u.lockedUntil ? (
                  <span className="text-red-700">Locked until {formatIstDateTime(u.lockedUntil)}</span>
                ) : (
                  "Active"
                )}
                <Link href={sessionsOfUserHref(u.username)} className="block text-xs text-brand-700 underline">
                  Sessions
                </Link>
              </td>
              <td className={CELL}>
                {u.role !== "customer" && (
                  <Link href={userEditHref(u.id)} className="mb-1 inline-block text-sm font-semibold text-brand-700 underline" aria-label={`Edit ${u.username}`}>
                    Edit
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
