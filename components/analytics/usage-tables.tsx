import { useLocale, useTranslations } from "next-intl";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { StaffRole } from "@/lib/domain";
import type { ActiveAccount, RecentLogin, UsageCounts } from "@/lib/dto/analytics";
import { formatCount, formatDateTime } from "@/lib/format";
import { isLoginReason } from "./format";

const CELL = cellClass();
const NUM = cellClass(undefined, "tabular-nums");

/** The most active accounts over 30 days. */
export function MostActiveTable({ rows, testId, caption }: { rows: ActiveAccount[]; testId: string; caption: string }) {
  const t = useTranslations("analytics.mostActive");
  const tc = useTranslations("common");
  const locale = useLocale();
  if (rows.length === 0) return <p className="text-sm text-slate-600">{t("empty")}</p>;
  const columns: Column[] = [{ label: t("account") }, { label: t("role") }, { label: t("signIns") }, { label: t("lastSignIn") }];
  return (
    <DataTable columns={columns} testId={testId} caption={caption}>
      {rows.map((r) => (
        <tr key={r.userId} className="border-t border-slate-100">
          <td className={`${CELL} font-medium break-all`}>{r.username}</td>
          <td className={CELL}>{tc(`roles.${r.role}`)}</td>
          <td className={NUM}>{formatCount(r.logins, locale)}</td>
          <td className={CELL}>{formatDateTime(r.lastLoginAt, locale)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The newest sign-in attempts, successful and refused. */
export function RecentLoginsTable({ rows, testId, rowTestId, caption }: { rows: RecentLogin[]; testId: string; rowTestId: string; caption: string }) {
  const t = useTranslations("analytics.recent");
  const tr = useTranslations("analytics.reasons");
  const tc = useTranslations("common");
  const locale = useLocale();
  if (rows.length === 0) return <p className="text-sm text-slate-600">{t("empty")}</p>;
  const columns: Column[] = [{ label: t("time") }, { label: t("who") }, { label: t("role") }, { label: t("result") }, { label: t("ip") }, { label: t("browser") }];
  const reason = (r: string) => (isLoginReason(r) ? tr(r) : r.replace(/_/g, " "));
  return (
    <DataTable columns={columns} testId={testId} caption={caption}>
      {rows.map((r) => (
        <tr key={r.id} className="border-t border-slate-100 align-top" data-testid={rowTestId} data-result={r.success ? "success" : "failure"}>
          <td className={`${CELL} whitespace-nowrap`}>{formatDateTime(r.at, locale)}</td>
          <td className={`${CELL} break-all`}>
            <span className="font-medium">{r.username ?? r.identifier}</span>
            {r.username && r.username.toLowerCase() !== r.identifier.toLowerCase() && (
              <span className="block text-xs text-slate-500">{t("as", { identifier: r.identifier })}</span>
            )}
          </td>
          <td className={CELL}>{r.role ? tc(`roles.${r.role}`) : "—"}</td>
          <td className={CELL}>
            <span className={r.success ? "font-semibold text-brand-700" : "font-semibold text-red-700"}>{r.success ? t("signedIn") : t("refused")}</span>
            <span className="block text-xs text-slate-500">{reason(r.reason)}</span>
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

/** Staff figures per role. */
export function StaffRolesTable({ rows }: { rows: (UsageCounts & { role: StaffRole })[] }) {
  const t = useTranslations("analytics.roles");
  const tc = useTranslations("common");
  const locale = useLocale();
  const count = (n: number) => formatCount(n, locale);
  const columns: Column[] = [
    { label: t("role") },
    { label: t("activeAccounts") },
    { label: t("signIns") },
    { label: t("unique") },
    { label: t("refused") },
    { label: t("sessions") },
  ];
  return (
    <DataTable columns={columns} testId="analytics-staff-roles" caption={t("caption")}>
      {rows.map((r) => (
        <tr key={r.role} className="border-t border-slate-100" data-testid={`analytics-staff-role-${r.role}`}>
          <td className={`${CELL} font-medium`}>{tc(`roles.${r.role}`)}</td>
          <td className={NUM}>{count(r.activeAccounts)}</td>
          <td className={NUM} data-testid={`analytics-staff-${r.role}-logins-7d`}>
            {count(r.logins7d)}
          </td>
          <td className={NUM}>{count(r.uniqueLogins7d)}</td>
          <td className={NUM}>{count(r.failedLogins7d)}</td>
          <td className={NUM}>{count(r.activeSessions)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
