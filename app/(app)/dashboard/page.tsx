import type { Metadata } from "next";
import { formatArea, formatRole } from "@/lib/domain";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser();
  const policy = sessionPolicy();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Signed in as</dt>
          <dd className="mt-1 text-xl font-semibold">{user.username}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Role</dt>
          <dd className="mt-1 text-xl font-semibold">{formatRole(user.role)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Dispatch area</dt>
          <dd className="mt-1 text-xl font-semibold">
            {user.role === "dispatcher" ? formatArea(user.dispatchArea) : "All areas"}
          </dd>
        </div>
      </dl>
      {user.role === "dispatcher" && !user.dispatchArea && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          No dispatch area is assigned to your account yet. Ask an admin to assign one before you scan.
        </p>
      )}
      <p className="text-sm text-slate-600">
        Session started {formatIstDateTime(user.sessionCreatedAt)} IST; it ends after {policy.idleMs / 60_000} minutes without activity or{" "}
        {policy.absoluteMs / 60_000} minutes in total.
      </p>
    </section>
  );
}
