import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { BILL_STATUSES } from "@/lib/domain";
import type { BillListFilters } from "@/lib/schemas/bills";
import { FilterActions } from "@/components/ui/filter-actions";

/** The bill list's filters: a plain GET form, so filtered pages can be bookmarked and shared. */
export function BillFilters({ filters }: { filters: BillListFilters }) {
  const t = useTranslations("bills.filters");
  const tc = useTranslations("common");
  const moreActive = Boolean(filters.from || filters.to || filters.user);
  return (
    <form method="get" action="/bills" aria-label={t("label")} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t("number")} name="q" defaultValue={filters.q ?? ""} autoCapitalize="characters" spellCheck={false} autoComplete="off" />
        <SelectField
          label={t("status")}
          name="status"
          defaultValue={filters.status ?? ""}
          options={[{ value: "", label: t("any") }, ...BILL_STATUSES.map((s) => ({ value: s, label: tc(`billStatuses.${s}`) }))]}
        />
      </div>
      {/* Closed until used, so on a phone the list starts on the first screen. */}
      <details open={moreActive} className="mt-3">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-brand-700">{t("more")}</summary>
        <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("from")} name="from" type="date" defaultValue={filters.from ?? ""} />
          <Field label={t("to")} name="to" type="date" defaultValue={filters.to ?? ""} />
          <Field label={t("user")} name="user" defaultValue={filters.user ?? ""} autoCapitalize="none" spellCheck={false} autoComplete="off" />
        </div>
      </details>
      <FilterActions clearHref="/bills" />
    </form>
  );
}
