import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatRole, type StaffRole } from "@/lib/domain";
import type { ActiveAccount, RecentLogin, UsageCounts } from "@/lib/dto/analytics";
import { formatIstDateTime } from "@/lib/time";
import { describeReason } from "./format";

const CELL = cellClass();
const NUM = cellClass(undefined, "tabular-nums");

const ACTIVE_COLUMNS: Column[] = [{ label: "Account" }, { label: "Role" }, { label: "Sign-ins (30 days)" }, { label: "Last sign-in (IST)" }];

/** The most active accounts over 30 days. */
export function MostActiveTable({ rows, testId, caption }: { rows: ActiveAccount[]; testId: string; caption: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No sign-ins in the last 30 days.</p>;
  return (
    <DataTable columns={ACTIVE_COLUMNS} testId={testId} caption={caption}>
      {rows.map((r) => (
        <tr key={r.userId} className="border-t border-slate-100">
          <td className={`${CELL} font-medium break-all`}>{r.username}</td>
          <td className={CELL}>{formatRole(r.role)}</td>
          <td className={NUM}>{r.logins.toLocaleString("en-IN")}</td>
          <td className={CELL}>{formatIstDateTime(r.lastLoginAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

const RECENT_COLUMNS: Column[] = [
  { label: "Time (IST)" },
  { label: "Who" },
  { label: "Role" },
  { label: "Result" },
  { label: "IP" },
  { label: "Browser" },
];

/** The newest sign-in attempts, successful and refused. */
export function RecentLoginsTable({ rows, testId, rowTestId, caption }: { rows: RecentLogin[]; testId: string; rowTestId: string; caption: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No sign-in attempts recorded yet.</p>;
  return (
    <DataTable columns={RECENT_COLUMNS} testId={testId} caption={caption}>
      {rows.map((r) => (
        <tr key={r.id} className="border-t border-slate-100 align-top" data-testid={rowTestId} data-result={r.success ? "success" : "failure"}>
          <td className={`${CELL} whitespace-nowrap`}>{formatIstDateTime(r.at)}</td>
          <td className={`${CELL} break-all`}>
            <span className="font-medium">{r.username ?? r.identifier}</span>
            {r.username && r.username.toLowerCase() !== r.identifier.toLowerCase() && <span className="block text-xs text-slate-500">as {r.identifier}</span>}
          </td>
          <td className={CELL}>{r.role ? formatRole(r.role) : "—"}</td>
          <td className={CELL}>
            <span className={r.success ? "font-semibold text-brand-700" : "font-semibold text-red-700"}>{r.success ? "Signed in" : "Refused"}</span>
            <span className="block text-xs text-slate-500">{describeReason(r.reason)}</span>
          </td>
          <td className={cellClass(undefined, "font-mono text-xs")}>{r.ip ?? "—"}</td>
          <td className={CELL} title={r.userAgent ?? undefined}>
            {r.browser ?? "—"}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

const ROLE_COLUMNS: Column[] = [
  { label: "Role" },
  { label: "Active accounts" },
  { label: "Sign-ins (7 days)" },
  { label: "Unique (7 days)" },
  { label: "Refused (7 days)" },
  { label: "Active sessions" },
];

/** Staff figures per role. */
export function StaffRolesTable({ rows }: { rows: (UsageCounts & { role: StaffRole })[] }) {
  return (
    <DataTable columns={ROLE_COLUMNS} testId="analytics-staff-roles" caption="Staff sign-ins by role">
      {rows.map((r) => (
        <tr key={r.role} className="border-t border-slate-100" data-testid={`analytics-staff-role-${r.role}`}>
          <td className={`${CELL} font-medium`}>{formatRole(r.role)}</td>
          <td className={NUM}>{r.activeAccounts}</td>
          <td className={NUM} data-testid={`analytics-staff-${r.role}-logins-7d`}>
            {r.logins7d}
          </td>
          <td className={NUM}>{r.uniqueLogins7d}</td>
          <td className={NUM}>{r.failedLogins7d}</td>
          <td className={NUM}>{r.activeSessions}</td>
        </tr>
      ))}
    </DataTable>
  );
}
