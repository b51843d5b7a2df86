"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import useSWR from "swr";
import { PORTAL_PAGE_SIZES, type PortalBillPage, type PortalColumn, type PortalFilterOptions, type PortalPageSize } from "@/lib/dto/portal";
import { billsUrl, clearFilters, isFiltered, nextSort, optionsUrl, pruneView, toggleColumn, visibleColumns, type PortalView } from "@/lib/portal-view";
import { ColumnsMenu } from "./columns-menu";
import { PortalExportLinks } from "./portal-export";
import { fetchPortal, type PortalFetchError } from "./portal-fetch";
import { PortalFilters } from "./portal-filters";
import { PortalPager, PortalShowing } from "./portal-pager";
import { PortalTable, PortalTableSkeleton } from "./portal-table";
import { useOpeningView, usePortalView } from "./use-portal-view";

const SWR_OPTIONS = { revalidateOnFocus: false, keepPreviousData: true } as const;
const BUTTON = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";
/** API refusals the grid words itself (the API's own sentences are English). */
const KNOWN_ERRORS = ["customer_out_of_scope", "invalid_cursor", "invalid_input", "unknown_account", "forbidden", "rate_limited", "unavailable"] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];
const isKnownError = (code: string | null): code is KnownError => code !== null && (KNOWN_ERRORS as readonly string[]).includes(code);

/**
 * A failed request in the reader's words: a known refusal or the server out of reach in their
 * language; otherwise (and always in English) the API's own sentence.
 */
function useErrorText() {
  const t = useTranslations("portal.grid");
  const locale = useLocale();
  return (error: PortalFetchError): string => {
    let reason = error.message;
    if (locale !== "en") {
      if (error.status === 0) reason = t("errors.offline");
      else if (isKnownError(error.code)) reason = t(`errors.${error.code}`);
      else if (error.code === null) reason = t("errors.failed", { status: error.status });
    }
    return error.status === 400 ? reason : t("couldNotLoad", { reason });
  };
}

/**
 * The portal's data grid of the account's bills: search, cascading filters, sort, columns, page
 * size and keyset pages over /api/portal/bills. The view lives in the URL and sessionStorage
 * (usePortalView); the cursors of the pages walked so far are a stack, so Previous needs no
 * backwards cursor from the server. Any change of the view starts again at the first page.
 */
export function PortalGrid({ initialQuery, storageKey, as }: { initialQuery: string; storageKey: string; as: string | null }) {
  const opening = useOpeningView(initialQuery, storageKey);
  // Remounted once the stored view is readable, so the grid starts from it.
  return <PortalGridView key={opening.ready ? "ready" : "opening"} initial={opening.view} ready={opening.ready} storageKey={storageKey} as={as} />;
}

function PortalGridView({ initial, ready, storageKey, as }: { initial: PortalView; ready: boolean; storageKey: string; as: string | null }) {
  const t = useTranslations("portal.grid");
  const errorText = useErrorText();
  const { view, setView } = usePortalView({ initial, ready, storageKey, as });
  const viewKey = billsUrl(view, as);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: viewKey, cursors: [] });
  const cursors = paging.key === viewKey ? paging.cursors : [];
  const cursor = cursors.at(-1) ?? null;

  const bills = useSWR<PortalBillPage, PortalFetchError>(ready ? billsUrl(view, as, cursor) : null, fetchPortal, SWR_OPTIONS);
  const options = useSWR<PortalFilterOptions, PortalFetchError>(ready ? optionsUrl(view, as) : null, fetchPortal, { revalidateOnFocus: false });

  // The cascade: once the options for this customer (and status) are in, drop later choices they rule out.
  const optionsData = options.isLoading ? undefined : options.data;
  useEffect(() => {
    if (optionsData) setView((v) => pruneView(v, optionsData));
  }, [optionsData, setView]);

  const patch = useCallback((changes: Partial<PortalView>) => setView((v) => ({ ...v, ...changes })), [setView]);
  const onSort = useCallback((column: PortalColumn) => setView((v) => ({ ...v, ...nextSort(v, column) })), [setView]);
  const onToggle = useCallback((column: PortalColumn, shown: boolean) => setView((v) => toggleColumn(v, column, shown)), [setView]);
  const onClear = useCallback(() => setView(clearFilters), [setView]);

  const columns = visibleColumns(view);
  // keepPreviousData shows the last page while the next loads; `stale` says so (no counts from it).
  const stale = !ready || bills.isLoading;
  const page = bills.data;
  const total = !stale && page ? page.total : null;
  const error = bills.error;

  return (
    <div className="space-y-3">
      <PortalFilters view={view} options={options.data} optionsLoading={options.isLoading} onChange={patch} />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <PortalShowing loading={stale || Boolean(error)} pageIndex={cursors.length} limit={view.limit} rows={page?.rows.length ?? 0} total={total} />
        <div className="flex flex-wrap items-center gap-2">
          <ColumnsMenu hidden={view.hidden} onToggle={onToggle} />
          <PortalExportLinks view={view} as={as} total={error ? null : total} />
        </div>
      </div>

      {error ? (
        <div role="alert" data-testid="portal-error" className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
          <p className="font-semibold">{errorText(error)}</p>
          <div className="flex flex-wrap gap-2">
            {error.status === 400 ? (
              <button type="button" onClick={onClear} className={BUTTON}>
                {t("clearFilters")}
              </button>
            ) : (
              <button type="button" onClick={() => void bills.mutate()} className={BUTTON}>
                {t("retry")}
              </button>
            )}
          </div>
        </div>
      ) : !page ? (
        <div className="space-y-2">
          <p role="status" className="text-sm text-slate-600">
            {t("loading")}
          </p>
          <PortalTableSkeleton columns={columns.length} />
        </div>
      ) : page.total === 0 && !stale ? (
        <div data-testid="portal-empty" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <p className="font-semibold">{isFiltered(view) ? t("noMatchTitle") : t("noneTitle")}</p>
          <p className="text-sm text-slate-600">{isFiltered(view) ? t("noMatch") : t("none")}</p>
          {isFiltered(view) && (
            <button type="button" onClick={onClear} className={BUTTON}>
              {t("clearFilters")}
            </button>
          )}
        </div>
      ) : (
        <PortalTable rows={page.rows} columns={columns} sort={view.sort} dir={view.dir} as={as} onSort={onSort} busy={stale} />
      )}

      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="portal-limit" className="text-sm font-semibold text-slate-800">
            {t("rowsPerPage")}
          </label>
          <select
            id="portal-limit"
            value={view.limit}
            onChange={(e) => patch({ limit: Number(e.target.value) as PortalPageSize })}
            className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm"
          >
            {PORTAL_PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <PortalPager
          canPrevious={cursors.length > 0 && !stale}
          canNext={Boolean(!stale && !error && page?.nextCursor)}
          onPrevious={() => setPaging({ key: viewKey, cursors: cursors.slice(0, -1) })}
          onNext={() => page?.nextCursor && setPaging({ key: viewKey, cursors: [...cursors, page.nextCursor] })}
        />
      </div>
    </div>
  );
}
