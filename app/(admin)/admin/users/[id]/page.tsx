import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound, redirect } from "next/navigation";
import { ResetTwoFactorForm } from "@/components/admin/reset-two-factor-form";
import { UserScansChart } from "@/components/admin/user-scans-chart";
import { StatCard } from "@/components/dashboard/stat-card";
import { FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea, formatRole } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { bagHref, sessionsOfUserHref } from "@/lib/routes";
import { UserRef } from "@/lib/schemas/auth";
import { getUserProfile } from "@/lib/server/admin/user-profile";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "User" };

const SCAN_COLUMNS: Column[] = [{ label: "When (IST)" }, { label: "Action" }, { label: "QR" }, { label: "Result" }, { label: "Area", show: "sm" }];
const AUDIT_COLUMNS: Column[] = [{ label: "When (IST)" }, { label: "Action" }, { label: "About", show: "sm" }, { label: "IP", show: "sm" }];
const SCAN_ACTION: Record<string, string> = { parent: "Parent scan", child: "Child scan", undo: "Undo" };

/** "rejected:linked_elsewhere" → "Rejected (linked elsewhere)". */
function formatResult(result: string): string {
  const [head = "", code] = result.split(":");
  const word = head.charAt(0).toUpperCase() + head.slice(1).replace(/_/g, " ");
  return code ? `${word} (${code.replace(/_/g, " ")})` : word;
}

function EmptyRow({ columns, text }: { columns: number; text: string }) {
  return (
    <tr>
      <td colSpan={columns} className="px-3 py-4 text-center text-slate-600">
        {text}
      </td>
    </tr>
  );
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageUser();
  if (!can(viewer.role, "users:manage")) forbidden();
  const ref = UserRef.safeParse({ userId: decodeSegment((await params).id) });
  if (!ref.success) notFound();
  const now = new Date();
  const user = await getUserProfile(getDb(), ref.data.userId, { now, absoluteMs: sessionPolicy().absoluteMs });
  if (!user) notFound();
  // Customer accounts have their own page (customers, sessions, "view portal as").
  if (user.role === "customer") redirect(`/admin/customers/${encodeURIComponent(user.id)}`);
  const locked = user.lockedUntil && user.lockedUntil > now ? user.lockedUntil : null;
  const self = user.id === viewer.id;
  const idPath = encodeURIComponent(user.id);
  return (
    <section className="space-y-8">
      <PageHeader
        back={{ href: "/admin/users", label: "Users" }}
        title={user.username}
        titleClassName="text-2xl [overflow-wrap:anywhere]"
        subtitle={`${formatRole(user.role)}${user.role === "dispatcher" ? ` · ${formatArea(user.dispatchArea)}` : ""}`}
        actions={
          <>
            <Link href={`/admin/users/${idPath}/edit`} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
              Edit
            </Link>
            <Link href={sessionsOfUserHref(user.username)} className="font-medium text-brand-700 underline">
              Sessions
            </Link>
          </>
        }
      />
      <FactList
        testId="user-facts"
        facts={[
          ["E-mail", user.email ?? "—"],
          ["Role", formatRole(user.role)],
          ["Area", user.role === "dispatcher" ? (user.dispatchArea ? formatArea(user.dispatchArea) : "None yet (cannot scan)") : "All areas"],
          ["Signs in with", user.authSource === "ldap" ? "Directory (LDAP)" : "Local password"],
          ["Two-factor", user.totpEnabled ? "On" : user.role === "admin" ? "Off (required: set up at next sign-in)" : "Off"],
          ["Backup codes left", user.totpEnabled ? String(user.backupCodesLeft) : "—"],
          ["Locked", locked ? `Until ${formatIstDateTime(locked)}` : "No"],
          ["Status", user.deactivatedAt ? `Deactivated ${formatIstDateTime(user.deactivatedAt)}` : user.mustChangePassword ? "Must change password" : "Active"],
          ["Created (IST)", formatIstDateTime(user.createdAt)],
          ["Last login (IST)", user.lastLoginAt ? formatIstDateTime(user.lastLoginAt) : "Never"],
          ["Active sessions", String(user.activeSessions)],
        ]}
      />

      <section aria-labelledby="user-scans" className="space-y-4">
        <h2 id="user-scans" className="text-lg font-semibold">
          Scans
        </h2>
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard label="Today (IST)" value={user.scansToday} testId="user-scans-today" />
          <StatCard label="Last 7 days" value={user.scans7d} testId="user-scans-7d" hint="Today and the 6 days before" />
          <StatCard label="Last 30 days" value={user.scans30d} testId="user-scans-30d" />
          <StatCard label="Unique bags, 30 days" value={user.uniqueBags30d} testId="user-unique-bags" />
        </dl>
        <UserScansChart perDay={user.perDay} />
        <h3 className="font-semibold">Recent scans</h3>
        <DataTable columns={SCAN_COLUMNS} testId="user-recent-scans">
          {user.recentScans.length === 0 ? (
            <EmptyRow columns={SCAN_COLUMNS.length} text="No scans recorded." />
          ) : (
            user.recentScans.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "whitespace-nowrap")}>{formatIstDateTime(s.at)}</td>
                <td className={cellClass()}>{SCAN_ACTION[s.action] ?? s.action}</td>
                <td className={cellClass(undefined, "font-mono")}>
                  {s.qr ? (
                    <Link href={bagHref(s.qr)} className="text-brand-700 underline">
                      {s.qr}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className={cellClass()}>
                  {formatResult(s.result)}
                  {s.undone && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900 uppercase">Undone</span>}
                </td>
                <td className={cellClass("sm")}>{formatArea(s.dispatchArea)}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>

      <section aria-labelledby="user-activity" className="space-y-2">
        <h2 id="user-activity" className="text-lg font-semibold">
          Recent activity
        </h2>
        <p className="text-sm text-slate-600">The newest audit log entries this user made.</p>
        <DataTable columns={AUDIT_COLUMNS} testId="user-recent-activity">
          {user.recentActivity.length === 0 ? (
            <EmptyRow columns={AUDIT_COLUMNS.length} text="Nothing recorded yet." />
          ) : (
            user.recentActivity.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "whitespace-nowrap")}>{formatIstDateTime(row.at)}</td>
                <td className={cellClass(undefined, "font-mono")}>{row.action}</td>
                <td className={cellClass("sm", "[overflow-wrap:anywhere]")}>{row.entityType ? `${row.entityType} ${row.entityName ?? row.entityId ?? ""}`.trim() : "—"}</td>
                <td className={cellClass("sm", "font-mono")}>{row.ip ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
        <Link href={`/admin/audit?user=${encodeURIComponent(user.username)}`} className="text-sm font-medium text-brand-700 underline">
          Full audit log of this user
        </Link>
      </section>

      <section aria-labelledby="user-2fa" className="space-y-2">
        <h2 id="user-2fa" className="text-lg font-semibold">
          Reset two-factor
        </h2>
        {self ? (
          <p className="text-slate-700">
            This is your own account: manage your two-factor authentication and backup codes on{" "}
            <Link href="/profile" className="font-medium text-brand-700 underline">
              your profile
            </Link>
            .
          </p>
        ) : user.totpEnabled ? (
          <ResetTwoFactorForm userId={user.id} username={user.username} />
        ) : (
          <p className="text-slate-700" data-testid="reset-2fa-none">
            Two-factor authentication is off for {user.username}; there is nothing to reset.
          </p>
        )}
      </section>
    </section>
  );
}
