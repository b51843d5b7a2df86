import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS, formatArea } from "@/lib/domain";
import type { BagListFilters } from "@/lib/schemas/bags";
import { FilterActions } from "@/components/ui/filter-actions";

const ANY = { value: "", label: "Any" };

/** The bag list's filters: a plain GET form, so filtered pages can be bookmarked and shared. */
export function BagFilters({ filters, allAreas }: { filters: BagListFilters; allAreas: boolean }) {
  const moreActive = Boolean(filters.linked || filters.billed || filters.from || filters.to || filters.user);
  return (
    <form method="get" action="/bags" aria-label="Filter bags" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="QR starts with" name="q" defaultValue={filters.q ?? ""} autoCapitalize="characters" spellCheck={false} autoComplete="off" />
        <SelectField
          label="Type"
          name="type"
          defaultValue={filters.type ?? ""}
          options={[ANY, { value: "parent", label: "Parent bags" }, { value: "child", label: "Child bags" }]}
        />
        <SelectField
          label="Status (parents)"
          name="status"
          defaultValue={filters.status ?? ""}
          options={[
            ANY,
            { value: "pending", label: "Empty" },
            { value: "in_progress", label: "Packing" },
            { value: "completed", label: "Complete or finished" },
          ]}
        />
        {allAreas && (
          <SelectField
            label="Area"
            name="area"
            defaultValue={filters.area ?? ""}
            options={[{ value: "", label: "All areas" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))]}
          />
        )}
      </div>
      {/* Closed until used, so on a phone the list starts on the first screen. */}
      <details open={moreActive} className="mt-3 group">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-brand-700">More filters</summary>
        <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField
            label="Linked"
            name="linked"
            defaultValue={filters.linked ?? ""}
            options={[ANY, { value: "linked", label: "Linked (packed / has children)" }, { value: "unlinked", label: "Unlinked" }]}
          />
          <SelectField
            label="Bill"
            name="billed"
            defaultValue={filters.billed ?? ""}
            options={[ANY, { value: "billed", label: "On a bill" }, { value: "unbilled", label: "Not on a bill" }]}
          />
          <Field label="Created from (IST)" name="from" type="date" defaultValue={filters.from ?? ""} />
          <Field label="Created to (IST)" name="to" type="date" defaultValue={filters.to ?? ""} />
          <Field label="Created by (username)" name="user" defaultValue={filters.user ?? ""} autoCapitalize="none" spellCheck={false} autoComplete="off" />
        </div>
      </details>
      <FilterActions clearHref="/bags" />
    </form>
  );
}
