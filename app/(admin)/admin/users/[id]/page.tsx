import Link from "next/link";
import { forbidden, notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuditActionName } from "@/components/admin/audit-names";
import { ResetTwoFactorForm } from "@/components/admin/reset-two-factor-form";
import { UserScansChart } from "@/components/admin/user-scans-chart";
import { StatCard } from "@/components/dashboard/stat-card";
import { FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { bagHref, sessionsOfUserHref } from "@/lib/routes";
import { UserRef } from "@/lib/schemas/auth";
import { readerTranslator, translator, type TranslatorOf } from "@/lib/server/admin/i18n";
import { getUserProfile } from "@/lib/server/admin/user-profile";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";

export async function generateMetadata() {
  const t = await getTranslations("users.profile");
  return { title: t("metaTitle") };
}

const SCAN_ACTIONS = ["parent", "child", "undo"] as const;
const SCAN_RESULTS = ["created", "selected", "linked", "duplicate", "undone", "removed", "rejected"] as const;
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** "rejected:linked_elsewhere" → "Rejected (linked elsewhere)": the result in words, its code as it is. */
function formatResult(result: string, t: TranslatorOf<"users.profile.scans">): string {
  const [head = "", code] = result.split(":");
  const word = isOneOf(SCAN_RESULTS, head) ? t(`results.${head}`) : head.charAt(0).toUpperCase() + head.slice(1).replace(/_/g, " ");
  return code ? t("resultWithCode", { result: word, code: code.replace(/_/g, " ") }) : word;
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
  const { locale, t } = await readerTranslator("users.profile");
  const tc = translator(locale, "common");
  const ts = translator(locale, "users.profile.scans");
  const ta = translator(locale, "users.profile.activity");
  const when = (d: Date) => formatDateTime(d, locale);
  const role = tc(`roles.${user.role}`);
  const scanColumns: Column[] = [
    { label: ts("columns.when") },
    { label: ts("columns.action") },
    { label: ts("columns.qr") },
    { label: ts("columns.result") },
    { label: ts("columns.area"), show: "sm" },
  ];
  const auditColumns: Column[] = [{ label: ta("columns.when") }, { label: ta("columns.action") }, { label: ta("columns.about"), show: "sm" }, { label: ta("columns.ip"), show: "sm" }];
  return (
    <section className="space-y-8">
      <PageHeader
        back={{ href: "/admin/users", label: t("back") }}
        title={user.username}
        titleClassName="text-2xl [overflow-wrap:anywhere]"
        subtitle={`${role}${user.role === "dispatcher" ? ` · ${tc(`areas.${user.dispatchArea ?? "none"}`)}` : ""}`}
        actions={
          <>
            <Link href={`/admin/users/${idPath}/edit`} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
              {t("edit")}
            </Link>
            <Link href={sessionsOfUserHref(user.username)} className="font-medium text-brand-700 underline">
              {t("sessions")}
            </Link>
          </>
        }
      />
      <FactList
        testId="user-facts"
        facts={[
          [t("facts.email"), user.email ?? "—"],
          [t("facts.role"), role],
          [t("facts.area"), user.role === "dispatcher" ? (user.dispatchArea ? tc(`areas.${user.dispatchArea}`) : t("areaNoneYet")) : t("allAreas")],
          [t("facts.signsInWith"), user.authSource === "ldap" ? t("directory") : t("localPassword")],
          [t("facts.twoFactor"), user.totpEnabled ? t("on") : user.role === "admin" ? t("offRequired") : t("off")],
          [t("facts.backupCodes"), user.totpEnabled ? formatCount(user.backupCodesLeft, locale) : "—"],
          [t("facts.locked"), locked ? t("lockedUntil", { time: when(locked) }) : t("notLocked")],
          [
            t("facts.status"),
            user.deactivatedAt ? t("deactivated", { time: when(user.deactivatedAt) }) : user.mustChangePassword ? t("mustChangePassword") : t("active"),
          ],
          [t("facts.created"), when(user.createdAt)],
          [t("facts.lastLogin"), user.lastLoginAt ? when(user.lastLoginAt) : t("never")],
          [t("facts.activeSessions"), formatCount(user.activeSessions, locale)],
        ]}
      />

      <section aria-labelledby="user-scans" className="space-y-4">
        <h2 id="user-scans" className="text-lg font-semibold">
          {ts("title")}
        </h2>
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard label={ts("today")} value={user.scansToday} testId="user-scans-today" />
          <StatCard label={ts("last7")} value={user.scans7d} testId="user-scans-7d" hint={ts("last7Hint")} />
          <StatCard label={ts("last30")} value={user.scans30d} testId="user-scans-30d" />
          <StatCard label={ts("unique30")} value={user.uniqueBags30d} testId="user-unique-bags" />
        </dl>
        <UserScansChart perDay={user.perDay} />
        <h3 className="font-semibold">{ts("recent")}</h3>
        <DataTable columns={scanColumns} testId="user-recent-scans">
          {user.recentScans.length === 0 ? (
            <EmptyRow columns={scanColumns.length} text={ts("none")} />
          ) : (
            user.recentScans.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "whitespace-nowrap")}>{when(s.at)}</td>
                <td className={cellClass()}>{isOneOf(SCAN_ACTIONS, s.action) ? ts(`actions.${s.action}`) : s.action}</td>
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
                  {formatResult(s.result, ts)}
                  {s.undone && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900 uppercase">{ts("undone")}</span>}
                </td>
                <td className={cellClass("sm")}>{tc(`areas.${s.dispatchArea ?? "none"}`)}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>

      <section aria-labelledby="user-activity" className="space-y-2">
        <h2 id="user-activity" className="text-lg font-semibold">
          {ta("title")}
        </h2>
        <p className="text-sm text-slate-600">{ta("intro")}</p>
        <DataTable columns={auditColumns} testId="user-recent-activity">
          {user.recentActivity.length === 0 ? (
            <EmptyRow columns={auditColumns.length} text={ta("none")} />
          ) : (
            user.recentActivity.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "whitespace-nowrap")}>{when(row.at)}</td>
                <td className={cellClass()}>
                  <AuditActionName action={row.action} />
                </td>
                <td className={cellClass("sm", "[overflow-wrap:anywhere]")}>{row.entityType ? `${row.entityType} ${row.entityName ?? row.entityId ?? ""}`.trim() : "—"}</td>
                <td className={cellClass("sm", "font-mono")}>{row.ip ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
        <Link href={`/admin/audit?user=${encodeURIComponent(user.username)}`} className="text-sm font-medium text-brand-700 underline">
          {ta("fullLog")}
        </Link>
      </section>

      <section aria-labelledby="user-2fa" className="space-y-2">
        <h2 id="user-2fa" className="text-lg font-semibold">
          {t("twoFactor.title")}
        </h2>
        {self ? (
          <p className="text-slate-700">
            {t.rich("twoFactor.self", {
              link: (chunks) => (
                <Link href="/profile" className="font-medium text-brand-700 underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : user.totpEnabled ? (
          <ResetTwoFactorForm userId={user.id} username={user.username} />
        ) : (
          <p className="text-slate-700" data-testid="reset-2fa-none">
            {t("twoFactor.none", { username: user.username })}
          </p>
        )}
      </section>
    </section>
  );
}
