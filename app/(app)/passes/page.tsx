import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PassFilters, type PassFilterValues } from "@/components/passes/pass-filters";
import { PassTable } from "@/components/passes/pass-table";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { listQuery } from "@/lib/routes";
import { readPassFilters } from "@/lib/schemas/passes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { listPasses } from "@/lib/server/passes/list";
import { contextFor } from "@/lib/server/service";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("passes.list");
  return { title: t("title") };
}

const SECONDARY = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";
const PRIMARY = "inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The gate passes, newest first: search, status and date filters, keyset pages, CSV of the same list. */
export default async function PassesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "passes:manage")) forbidden();
  const { filters, problems } = readPassFilters(await searchParams);
  const page = await listPasses(contextFor(getDb(), user, await actionMeta()), filters);
  // What the links carry on: the filters as read, never the cursor.
  const kept: PassFilterValues = { q: filters.q, status: filters.status, from: filters.from, to: filters.to };
  const paged = Boolean(filters.after ?? filters.cursor);
  const t = await getTranslations("passes.list");
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <>
            <a href={`/passes/csv${listQuery(kept)}`} download className={SECONDARY}>
              {t("exportCsv")}
            </a>
            <Link href="/passes/new" className={PRIMARY}>
              {t("newPass")}
            </Link>
          </>
        }
      />
      <FilterProblems problems={problems} />
      <PassFilters filters={kept} />
      {page.passes.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700" data-testid="passes-empty">
          {paged ? t("noMore") : t("noMatch")}{" "}
          {t.rich("emptyHelp", {
            link: (chunks) => (
              <Link href="/passes/new" className="font-medium text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <PassTable rows={page.passes} linkBills={can(user.role, "bills:view")} />
      )}
      <nav aria-label={t("pages")} className="flex flex-wrap gap-3">
        {paged && (
          <Link href={`/passes${listQuery(kept)}`} className={SECONDARY}>
            {t("firstPage")}
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/passes${listQuery(kept, page.nextCursor)}`} className={PRIMARY}>
            {t("nextPage")}
          </Link>
        )}
      </nav>
    </section>
  );
}
