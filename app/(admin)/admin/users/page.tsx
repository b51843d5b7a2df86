import type { Metadata } from "next";
import { formatArea, formatRole } from "@/lib/domain";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listUsers } from "@/lib/server/users/queries";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  await requirePageRole("admin");
  const rows = await listUsers(getDb());
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Users</h1>
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
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{u.username}</td>
                <td className="px-3 py-2">{formatRole(u.role)}</td>
                <td className="px-3 py-2">{u.role === "dispatcher" ? formatArea(u.dispatchArea) : "All"}</td>
                <td className="px-3 py-2">{u.totpEnabled ? "On" : "Off"}</td>
                <td className="px-3 py-2">{u.lastLoginAt ? formatIstDateTime(u.lastLoginAt) : "Never"}</td>
                <td className="px-3 py-2">
                  {u.lockedUntil && u.lockedUntil > new Date() ? (
                    <span className="text-red-700">Locked until {formatIstDateTime(u.lockedUntil)}</span>
                  ) : (
                    "Active"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
