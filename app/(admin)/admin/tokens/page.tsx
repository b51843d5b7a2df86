import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TokenIssueForm, type TokenFormWords } from "@/components/tokens/token-issue-form";
import { TokenRevokeButton } from "@/components/tokens/token-revoke-button";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { DISPATCH_AREAS } from "@/lib/domain";
import type { ApiTokenRow } from "@/lib/dto/tokens";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { API_TOKEN_ROLES } from "@/lib/schemas/tokens";
import { readerTranslator, translator, type TranslatorOf } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { contextFor } from "@/lib/server/service";
import { listApiTokens } from "@/lib/server/tokens/manage";
import { istDay } from "@/lib/time";

export async function generateMetadata() {
  const t = await getTranslations("tokens.page");
  return { title: t("metaTitle") };
}

function StatusBadge({ status, t }: { status: ApiTokenRow["status"]; t: TranslatorOf<"tokens.page"> }) {
  if (status === "active") return <span className="font-semibold text-green-800">{t("statuses.active")}</span>;
  return <span className="text-red-700">{t(`statuses.${status}`)}</span>;
}

export default async function AdminTokensPage() {
  const user = await requirePageUser();
  if (!can(user.role, "tokens:manage")) forbidden();
  const tokens = await listApiTokens(contextFor(getDb(), user, await actionMeta()));
  const { locale, t } = await readerTranslator("tokens.page");
  const tc = translator(locale, "common");
  const tf = translator(locale, "tokens.form");
  const tr = translator(locale, "tokens.revoke");
  const when = (d: Date) => formatDateTime(d, locale);
  const formWords: TokenFormWords = {
    name: tf("name"),
    nameHint: tf("nameHint"),
    actsAs: tf("actsAs"),
    roles: Object.fromEntries(API_TOKEN_ROLES.map((r) => [r, tf(`roles.${r}`)])) as TokenFormWords["roles"],
    area: tf("area"),
    areas: [{ value: "", label: tf("chooseArea") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))],
    expires: tf("expires"),
    expiresHint: tf("expiresHint"),
    confirmAdmin: tf("confirmAdmin"),
    submit: tf("submit"),
    pending: tf("pending"),
  };
  const columns: Column[] = [
    { label: t("columns.token") },
    { label: t("columns.actsAs") },
    { label: t("columns.status") },
    { label: t("columns.issuedBy"), show: "md" },
    { label: t("columns.created"), show: "lg" },
    { label: t("columns.expires"), show: "sm" },
    { label: t("columns.lastUsed"), show: "sm" },
    { label: t("columns.actions") },
  ];
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <section aria-labelledby="issue-token" className="space-y-2">
        <h2 id="issue-token" className="text-lg font-semibold">
          {t("issueTitle")}
        </h2>
        <TokenIssueForm today={istDay(new Date())} words={formWords} />
      </section>
      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          {t("listTitle")}
        </h2>
        <p className="text-sm text-slate-600">{t("count", { count: tokens.length, n: formatCount(tokens.length, locale) })}</p>
        <DataTable columns={columns} testId="api-tokens">
          {tokens.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
                {t("empty")}
              </td>
            </tr>
          ) : (
            tokens.map((token) => (
              <tr key={token.id} data-testid="api-token-row" data-prefix={token.prefix} className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "font-medium")}>
                  <code className="font-mono">{token.prefix}…</code>
                  <span className="block [overflow-wrap:anywhere]">{token.name}</span>
                </td>
                <td className={cellClass()}>
                  {t(`roles.${token.role}`)}
                  {token.area && <span className="block text-sm text-slate-600">{tc(`areas.${token.area}`)}</span>}
                </td>
                <td className={cellClass()} data-testid="api-token-status">
                  <StatusBadge status={token.status} t={t} />
                  {token.revokedAt && <span className="block text-xs text-slate-600">{when(token.revokedAt)}</span>}
                </td>
                <td className={cellClass("md")}>{token.issuedBy}</td>
                <td className={cellClass("lg")}>{when(token.createdAt)}</td>
                <td className={cellClass("sm")}>{token.expiresAt ? when(token.expiresAt) : t("never")}</td>
                <td className={cellClass("sm")}>
                  {token.lastUsedAt ? (
                    <>
                      {when(token.lastUsedAt)}
                      {token.lastUsedIp && <span className="block font-mono text-xs text-slate-600">{token.lastUsedIp}</span>}
                    </>
                  ) : (
                    t("never")
                  )}
                </td>
                <td className={cellClass()}>
                  {token.status !== "revoked" && (
                    <TokenRevokeButton
                      tokenId={token.id}
                      words={{
                        button: tr("button"),
                        label: tr("label", { prefix: token.prefix, name: token.name }),
                        title: tr("title", { prefix: token.prefix }),
                        confirm: tr("confirm"),
                        pending: tr("pending"),
                        body: tr("body", { name: token.name }),
                      }}
                    />
                  )}
                </td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
