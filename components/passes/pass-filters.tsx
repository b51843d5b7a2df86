import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { PASS_FILTER_STATUSES, PASS_SEARCH_MAX, type PassFilterStatus } from "@/lib/schemas/passes";
import { FilterActions } from "@/components/ui/filter-actions";

/** The filters the list shows again (strings as typed; the cursor is not one of them). */
export interface PassFilterValues {
  q?: string | undefined;
  status?: PassFilterStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The pass list's filters: a plain GET form, so a filtered list can be bookmarked and shared. */
export function PassFilters({ filters }: { filters: PassFilterValues }) {
  const t = useTranslations("passes.filters");
  const tc = useTranslations("common");
  const statusLabel = (s: PassFilterStatus) => (s === "active" ? t("activeAndNotYetValid") : tc(`passStatuses.${s}`));
  return (
    <form method="get" action="/passes" aria-label={t("ariaLabel")} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          label={t("search")}
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={PASS_SEARCH_MAX}
          hint={t("searchHint")}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label={t("status")}
          name="status"
          defaultValue={filters.status ?? ""}
          options={[{ value: "", label: t("any") }, ...PASS_FILTER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
        />
      </div>
      {/* Closed until used, so on a phone the list starts on the first screen. */}
      <details open={Boolean(filters.from || filters.to)} className="mt-3">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-brand-700">{t("dates")}</summary>
        <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("issuedFrom")} name="from" type="date" defaultValue={filters.from ?? ""} />
          <Field label={t("issuedTo")} name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
      </details>
      <FilterActions clearHref="/passes" />
    </form>
  );
}
