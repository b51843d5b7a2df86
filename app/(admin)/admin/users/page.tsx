import type { Metadata } from "next";
import Link from "next/link";
import { userRowId } from "@/components/admin/audit-names";
import { UserRowActions } from "@/components/admin/users-row-actions";
import { UsersCreateForm } from "@/components/admin/users-create-form";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea, formatRole } from "@/lib/domain";
import { sessionsOfUserHref } from "@/lib/routes";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listUsers } from "@/lib/server/users/queries";
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

export default async function AdminUsersPage() {
  await requirePageRole("admin");
  const rows = await listUsers(getDb());
  const now = new Date();
  return (
    <section className="space-y-6">
      <PageHeader title="Users" />
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">Create a user</summary>
        <div className="mt-3">
          <UsersCreateForm />
        </div>
      </details>
      <DataTable columns={COLUMNS}>
        {rows.map((u) => {
          const locked = Boolean(u.lockedUntil && u.lockedUntil > now);
          // The audit log links a user here by the row's id; the row stands out when it is the target.
          return (
            <tr key={u.id} id={userRowId(u.username)} data-testid={`user-row-${u.username}`} className="scroll-mt-24 border-t border-slate-100 align-top target:bg-amber-50">
              <td className={`${CELL} font-medium`}>
                {u.username}
                {u.email && <span className="block text-xs font-normal text-slate-500">{u.email}</span>}
              </td>
              <td className={CELL}>{formatRole(u.role)}</td>
              <td className={CELL}>{u.role === "dispatcher" ? formatArea(u.dispatchArea) : "All"}</td>
              <td className={CELL}>{u.totpEnabled ? "On" : u.role === "admin" ? <span className="text-red-700">Off (required)</span> : "Off"}</td>
              <td className={CELL}>{u.lastLoginAt ? formatIstDateTime(u.lastLoginAt) : "Never"}</td>
              <td className={CELL}>
                {locked && u.lockedUntil ? <span className="text-red-700">Locked until {formatIstDateTime(u.lockedUntil)}</span> : "Active"}
                <Link href={sessionsOfUserHref(u.username)} className="block text-xs text-brand-700 underline">
                  Sessions
                </Link>
              </td>
              <td className={CELL}>
                <UserRowActions user={{ id: u.id, username: u.username, locked, hasEmail: Boolean(u.email) }} />
              </td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}
