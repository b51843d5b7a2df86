import type { Metadata } from "next";
import Link from "next/link";
import { UserRowActions } from "@/components/admin/users-row-actions";
import { UsersCreateForm } from "@/components/admin/users-create-form";
import { formatArea, formatRole } from "@/lib/domain";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listUsers } from "@/lib/server/users/queries";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  await requirePageRole("admin");
  const rows = await listUsers(getDb());
  const now = new Date();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">Users</h1>
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">Create a user</summary>
        <div className="mt-3">
          <UsersCreateForm />
        </div>
      </details>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Username</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2">Area</th>
              <th scope="col" className="px-3 py-2">2FA</th>
              <th scope="col" className="px-3 py-2">Last sign-in (IST)</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const locked = Boolean(u.lockedUntil && u.lockedUntil > now);
              return (
                <tr key={u.id} data-testid={`user-row-${u.username}`} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 font-medium">
                    {u.username}
                    {u.email && <span className="block text-xs font-normal text-slate-500">{u.email}</span>}
                  </td>
                  <td className="px-3 py-2">{formatRole(u.role)}</td>
                  <td className="px-3 py-2">{u.role === "dispatcher" ? formatArea(u.dispatchArea) : "All"}</td>
                  <td className="px-3 py-2">{u.totpEnabled ? "On" : u.role === "admin" ? <span className="text-red-700">Off (required)</span> : "Off"}</td>
                  <td className="px-3 py-2">{u.lastLoginAt ? formatIstDateTime(u.lastLoginAt) : "Never"}</td>
                  <td className="px-3 py-2">
                    {locked && u.lockedUntil ? <span className="text-red-700">Locked until {formatIstDateTime(u.lockedUntil)}</span> : "Active"}
                    <Link href={`/admin/sessions?user=${encodeURIComponent(u.username)}`} className="block text-xs text-brand-700 underline">
                      Sessions
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <UserRowActions user={{ id: u.id, username: u.username, locked, hasEmail: Boolean(u.email) }} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
