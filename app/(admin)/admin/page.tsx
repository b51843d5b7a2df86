import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { formatCount } from "@/lib/format";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { countPendingPromotions } from "@/lib/server/promotions/queries";

export async function generateMetadata() {
  const t = await getTranslations("admin.home");
  return { title: t("metaTitle") };
}

const CARD = "block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600";

/** Every admin page, in the order people look for them. */
const CARDS = [
  { key: "users", href: "/admin/users" },
  { key: "promotions", href: "/admin/promotions" },
  { key: "customerAccounts", href: "/admin/customers" },
  { key: "portal", href: "/portal" },
  { key: "customers", href: "/admin/customers/list" },
  { key: "tokens", href: "/admin/tokens" },
  { key: "sessions", href: "/admin/sessions" },
  { key: "audit", href: "/admin/audit" },
  { key: "analytics", href: "/admin/analytics" },
  { key: "exports", href: "/admin/exports" },
  { key: "outbox", href: "/admin/outbox" },
  { key: "health", href: "/admin/health" },
  { key: "imports", href: "/admin/imports" },
  { key: "backups", href: "/admin/backups" },
] as const;

export default async function AdminPage() {
  await requirePageRole("admin");
  const pendingPromotions = await countPendingPromotions(getDb());
  const { locale, t } = await readerTranslator("admin.home");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} />
      <ul className="grid gap-3 sm:grid-cols-2">
        {CARDS.map(({ key, href }) => (
          <li key={key}>
            <Link href={href} className={CARD} data-testid={key === "promotions" ? "admin-promotions-card" : undefined}>
              <span className="font-semibold">{t(`cards.${key}.title`)}</span>
              {key === "promotions" && pendingPromotions > 0 && (
                <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-900 tabular-nums">
                  {t("waiting", { count: formatCount(pendingPromotions, locale) })}
                </span>
              )}
              <span className="block text-sm text-slate-600">{t(`cards.${key}.text`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
