import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { FilterActions } from "@/components/ui/filter-actions";
import { SelectField } from "@/components/ui/select-field";
import { RETURN_TICKET_STATUSES, type ReturnTicketStatus } from "@/lib/domain";
import { RETURN_SEARCH_MAX } from "@/lib/schemas/returns";

/** The filters the list shows again (the cursor is not one of them). */
export interface ReturnFilterValues {
  q?: string | undefined;
  status?: ReturnTicketStatus | undefined;
}

/** The ticket list's filters: a plain GET form, so a filtered list can be bookmarked. */
export function ReturnFilters({ filters }: { filters: ReturnFilterValues }) {
  const t = useTranslations("returns.filters");
  const tc = useTranslations("common");
  return (
    <form method="get" action="/returns" aria-label={t("ariaLabel")} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          label={t("search")}
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={RETURN_SEARCH_MAX}
          hint={t("searchHint")}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label={t("status")}
          name="status"
          defaultValue={filters.status ?? ""}
          options={[{ value: "", label: t("any") }, ...RETURN_TICKET_STATUSES.map((s) => ({ value: s, label: tc(`returnStatuses.${s}`) }))]}
        />
      </div>
      <FilterActions clearHref="/returns" />
    </form>
  );
}
