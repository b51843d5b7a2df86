import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ReturnFilters, type ReturnFilterValues } from "@/components/returns/return-filters";
import { ReturnTable } from "@/components/returns/return-table";
import { FilterProblems } from "@/components/ui/filter-problems";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { listQuery } from "@/lib/routes";
import { readReturnFilters } from "@/lib/schemas/returns";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { listTickets } from "@/lib/server/returns/list";
import { contextFor } from "@/lib/server/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("returns.list");
  return { title: t("title") };
}

const SECONDARY = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";
const PRIMARY = "inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Return tickets (IPT), newest first: status filter, search, keyset pages. */
export default async function ReturnsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "returns:manage")) forbidden();
  const { filters, problems } = readReturnFilters(await searchParams);
  const page = await listTickets(contextFor(getDb(), user, await actionMeta()), filters);
  const kept: ReturnFilterValues = { q: filters.q, status: filters.status };
  const paged = Boolean(filters.after ?? filters.cursor);
  const t = await getTranslations("returns.list");
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <Link href="/returns/new" className={PRIMARY} data-testid="new-return-ticket">
            {t("newTicket")}
          </Link>
        }
      />
      <FilterProblems problems={problems} />
      <ReturnFilters filters={kept} />
      {page.tickets.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700" data-testid="returns-empty">
          {paged ? t("noMore") : t("noMatch")}{" "}
          {t.rich("emptyHelp", {
            link: (chunks) => (
              <Link href="/returns/new" className="font-medium text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <ReturnTable rows={page.tickets} />
      )}
      <nav aria-label={t("pages")} className="flex flex-wrap gap-3">
        {paged && (
          <Link href={`/returns${listQuery(kept)}`} className={SECONDARY}>
            {t("firstPage")}
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/returns${listQuery(kept, page.nextCursor)}`} className={PRIMARY}>
            {t("nextPage")}
          </Link>
        )}
      </nav>
    </section>
  );
}
