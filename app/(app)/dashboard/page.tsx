import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea, formatRole } from "@/lib/domain";
import { homePathFor } from "@/lib/navigation";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { NO_AREA_MESSAGE } from "@/lib/server/scan/access";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getDashboardActivity } from "@/lib/server/stats/activity";
import { getStatsFor } from "@/lib/server/stats/read";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Dashboard" };

/** Numbers for the first paint; if the counters are unreachable the island retries in the browser. */
function orNull<T>(p: Promise<T>): Promise<T | null> {
  return p.catch(() => null);
}

export default async function DashboardPage() {
  // Sign-in lands here by default; a role without a dashboard (the gate, a customer) goes to its own page.
  const user = await requirePageUser({ allowCustomer: true });
  if (!can(user.role, "dashboard:view")) redirect(homePathFor(user.role));
  const policy = sessionPolicy();
  const [stats, activity] = await Promise.all([orNull(getStatsFor(user)), orNull(getDashboardActivity(getDb(), user))]);
  const allAreas = can(user.role, "bags:view_all_areas");
  return (
    <section className="space-y-6">
      <PageHeader
        title="Dashboard"
        actions={
          <p className="text-sm text-slate-600">
            {user.username} · {formatRole(user.role)} · {allAreas ? "All areas" : formatArea(user.dispatchArea)}
          </p>
        }
      />
      {user.role === "dispatcher" && !user.dispatchArea && (
        <p role="alert" data-testid="no-area" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {NO_AREA_MESSAGE} Until then your numbers stay at zero.
        </p>
      )}
      <LiveDashboard initialStats={stats} initialActivity={activity} allAreas={allAreas} showPasses={can(user.role, "passes:manage")} />
      <p className="text-sm text-slate-600">
        Session started {formatIstDateTime(user.sessionCreatedAt)} IST; it ends after {policy.idleMs / 60_000} minutes without activity or{" "}
        {policy.absoluteMs / 60_000} minutes in total.
      </p>
    </section>
  );
}
