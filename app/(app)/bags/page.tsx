import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { formatBagCount } from "@/components/bags/bag-count";
import { BagFilters } from "@/components/bags/bag-filters";
import { BagTable } from "@/components/bags/bag-table";
import { ExportLinks } from "@/components/ui/export-links";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { listQuery } from "@/lib/routes";
import { readBagListFilters } from "@/lib/schemas/bags";
import { requirePageUser } from "@/lib/server/auth/guards";
import { NO_AREA_MESSAGE } from "@/lib/server/scan/access";
import { countBags, listBags } from "@/lib/server/bags/list";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export const metadata: Metadata = { title: "Bags" };

const SECONDARY = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BagsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bags:view_own_area")) forbidden();
  const { filters, problems } = readBagListFilters(await searchParams);
  const allAreas = can(user.role, "bags:view_all_areas");
  const [{ rows, nextCursor, prevCursor }, count] = await Promise.all([listBags(getDb(), user, filters), countBags(getDb(), user, filters)]);
  const { after, before, ...kept } = filters;
  const paged = Boolean(after || before);
  return (
    <section className="space-y-4">
      <PageHeader
        title="Bags"
        subtitle={`${allAreas ? "All dispatch areas" : `${formatArea(user.dispatchArea)} only`} · newest first`}
        actions={can(user.role, "data:import_export") ? <ExportLinks what="bags" filters={kept} /> : undefined}
      />
      {!allAreas && !user.dispatchArea && (
        <p role="alert" data-testid="no-area" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {NO_AREA_MESSAGE} Until then there are no bags to show.
        </p>
      )}
      <FilterProblems problems={problems} />
      <BagFilters filters={filters} allAreas={allAreas} />
      <p className="text-sm text-slate-600" data-testid="bag-count">
        In this list: {formatBagCount(count)}.
      </p>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">
          {paged ? "No more bags." : "No bags match these filters."}
        </p>
      ) : (
        <BagTable rows={rows} />
      )}
      <nav aria-label="Pages" className="flex flex-wrap gap-3">
        {paged && (
          <Link href={`/bags${listQuery(kept)}`} className={SECONDARY}>
            First page
          </Link>
        )}
        {prevCursor && (
          <Link href={`/bags${listQuery({ ...kept, before: prevCursor })}`} className={SECONDARY}>
            Previous page
          </Link>
        )}
        {nextCursor && (
          <Link
            href={`/bags${listQuery(kept, nextCursor)}`}
            className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900"
          >
            Next page
          </Link>
        )}
      </nav>
    </section>
  );
}
