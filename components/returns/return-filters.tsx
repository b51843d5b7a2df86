import { Field } from "@/components/ui/field";
import { FilterActions } from "@/components/ui/filter-actions";
import { SelectField } from "@/components/ui/select-field";
import { RETURN_TICKET_STATUSES, type ReturnTicketStatus } from "@/lib/domain";
import { RETURN_STATUS_LABEL } from "@/lib/returns";
import { RETURN_SEARCH_MAX } from "@/lib/schemas/returns";

/** The filters the list shows again (the cursor is not one of them). */
export interface ReturnFilterValues {
  q?: string | undefined;
  status?: ReturnTicketStatus | undefined;
}

/** The ticket list's filters: a plain GET form, so a filtered list can be bookmarked. */
export function ReturnFilters({ filters }: { filters: ReturnFilterValues }) {
  return (
    <form method="get" action="/returns" aria-label="Filter return tickets" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          label="Search"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={RETURN_SEARCH_MAX}
          hint="Ticket code or notes"
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label="Status"
          name="status"
          defaultValue={filters.status ?? ""}
          options={[{ value: "", label: "Any" }, ...RETURN_TICKET_STATUSES.map((s) => ({ value: s, label: RETURN_STATUS_LABEL[s] }))]}
        />
      </div>
      <FilterActions clearHref="/returns" />
    </form>
  );
}
