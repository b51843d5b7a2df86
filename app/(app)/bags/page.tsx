import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { formatBagCount } from "@/components/bags/bag-count";
import { BagFilters } from "@/components/bags/bag-filters";
import { BagTable } from "@/components/bags/bag-table";
import { ExportLinks } from "@/components/ui/export-links";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { listQuery } from "@/lib/routes";
import { readBagListFilters } from "@/lib/schemas/bags";
import { requirePageUser } from "@/lib/server/auth/guards";
import { countBags, listBags, resolveBagFilters } from "@/lib/server/bags/list";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("bags.list");
  return { title: t("title") };
}

const SECONDARY = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BagsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bags:view_own_area")) forbidden();
  const { filters, problems } = readBagListFilters(await searchParams);
  const allAreas = can(user.role, "bags:view_all_areas");
  // The user filter's name is looked up once for both statements.
  const resolved = await resolveBagFilters(getDb(), filters);
  const [{ rows, nextCursor, prevCursor }, count] = await Promise.all([listBags(getDb(), user, resolved), countBags(getDb(), user, resolved)]);
  const { after, before, ...kept } = filters;
  const paged = Boolean(after || before);
  const [t, tc, locale] = await Promise.all([getTranslations("bags"), getTranslations("common"), getLocale()]);
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("list.title")}
        subtitle={allAreas ? t("list.subtitleAll") : t("list.subtitleArea", { area: tc(`areas.${user.dispatchArea ?? "none"}`) })}
        actions={can(user.role, "data:import_export") ? <ExportLinks what="bags" filters={kept} /> : undefined}
      />
      {!allAreas && !user.dispatchArea && (
        <p role="alert" data-testid="no-area" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t("list.noArea")}
        </p>
      )}
      <FilterProblems problems={problems} />
      <BagFilters filters={filters} allAreas={allAreas} />
      <p className="text-sm text-slate-600" data-testid="bag-count">
        {t("list.count", { count: formatBagCount(count, locale, t) })}
      </p>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">
          {paged ? t("list.noMore") : t("list.noMatch")}
        </p>
      ) : (
        <BagTable rows={rows} />
      )}
      <nav aria-label={t("list.pages")} className="flex flex-wrap gap-3">
        {paged && (
          <Link href={`/bags${listQuery(kept)}`} className={SECONDARY}>
            {t("list.firstPage")}
          </Link>
        )}
        {prevCursor && (
          <Link href={`/bags${listQuery({ ...kept, before: prevCursor })}`} className={SECONDARY}>
            {t("list.previousPage")}
          </Link>
        )}
        {nextCursor && (
          <Link
            href={`/bags${listQuery(kept, nextCursor)}`}
            className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900"
          >
            {t("list.nextPage")}
          </Link>
        )}
      </nav>
    </section>
  );
}
