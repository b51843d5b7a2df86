import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { TokenIssueForm } from "@/components/tokens/token-issue-form";
import { TokenRevokeButton } from "@/components/tokens/token-revoke-button";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea } from "@/lib/domain";
import type { ApiTokenRow } from "@/lib/dto/tokens";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { contextFor } from "@/lib/server/service";
import { listApiTokens } from "@/lib/server/tokens/manage";
import { formatIstDateTime, istDay } from "@/lib/time";

export const metadata: Metadata = { title: "API tokens" };

const COLUMNS: Column[] = [
  { label: "Token" },
  { label: "Acts as" },
  { label: "Status" },
  { label: "Issued by", show: "md" },
  { label: "Created (IST)", show: "lg" },
  { label: "Expires (IST)", show: "sm" },
  { label: "Last used", show: "sm" },
  { label: "Actions" },
];

const ROLE_LABELS: Record<ApiTokenRow["role"], string> = {
  dispatcher: "Dispatcher",
  biller: "Biller",
  gate: "Gate",
  readonly: "Read-only",
  admin: "Admin",
};

function StatusBadge({ status }: { status: ApiTokenRow["status"] }) {
  if (status === "active") return <span className="font-semibold text-green-800">Active</span>;
  return <span className="text-red-700">{status === "revoked" ? "Revoked" : "Expired"}</span>;
}

export default async function AdminTokensPage() {
  const user = await requirePageUser();
  if (!can(user.role, "tokens:manage")) forbidden();
  const tokens = await listApiTokens(contextFor(getDb(), user, await actionMeta()));
  return (
    <section className="space-y-6">
      <PageHeader
        title="API tokens"
        subtitle="For scanners and integrations that call the JSON API without a browser. A token acts in your name, within the role it is given."
      />
      <section aria-labelledby="issue-token" className="space-y-2">
        <h2 id="issue-token" className="text-lg font-semibold">
          Issue a token
        </h2>
        <TokenIssueForm today={istDay(new Date())} />
      </section>
      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          Tokens
        </h2>
        <p className="text-sm text-slate-600">
          {tokens.length} token{tokens.length === 1 ? "" : "s"}. A token stops working when it is revoked, when it expires, or when the admin who issued it is
          no longer an active admin.
        </p>
        <DataTable columns={COLUMNS} testId="api-tokens">
          {tokens.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-slate-600">
                No API tokens yet.
              </td>
            </tr>
          ) : (
            tokens.map((t) => (
              <tr key={t.id} data-testid="api-token-row" data-prefix={t.prefix} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "font-medium")}>
                  <code className="font-mono">{t.prefix}…</code>
                  <span className="block [overflow-wrap:anywhere]">{t.name}</span>
                </td>
                <td className={cellClass()}>
                  {ROLE_LABELS[t.role]}
                  {t.area && <span className="block text-sm text-slate-600">{formatArea(t.area)}</span>}
                </td>
                <td className={cellClass()} data-testid="api-token-status">
                  <StatusBadge status={t.status} />
                  {t.revokedAt && <span className="block text-xs text-slate-600">{formatIstDateTime(t.revokedAt)}</span>}
                </td>
                <td className={cellClass("md")}>{t.issuedBy}</td>
                <td className={cellClass("lg")}>{formatIstDateTime(t.createdAt)}</td>
                <td className={cellClass("sm")}>{t.expiresAt ? formatIstDateTime(t.expiresAt) : "Never"}</td>
                <td className={cellClass("sm")}>
                  {t.lastUsedAt ? (
                    <>
                      {formatIstDateTime(t.lastUsedAt)}
                      {t.lastUsedIp && <span className="block font-mono text-xs text-slate-600">{t.lastUsedIp}</span>}
                    </>
                  ) : (
                    "Never"
                  )}
                </td>
                <td className={cellClass()}>{t.status !== "revoked" && <TokenRevokeButton tokenId={t.id} prefix={t.prefix} name={t.name} />}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
