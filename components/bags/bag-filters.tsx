import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { DISPATCH_AREAS } from "@/lib/domain";
import type { BagListFilters } from "@/lib/schemas/bags";
import { FilterActions } from "@/components/ui/filter-actions";

/** The bag list's filters: a plain GET form, so filtered pages can be bookmarked and shared. */
export function BagFilters({ filters, allAreas }: { filters: BagListFilters; allAreas: boolean }) {
  const t = useTranslations("bags.filters");
  const tc = useTranslations("common");
  const any = { value: "", label: t("any") };
  const moreActive = Boolean(filters.linked || filters.billed || filters.from || filters.to || filters.user);
  return (
    <form method="get" action="/bags" aria-label={t("label")} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t("qr")} name="q" defaultValue={filters.q ?? ""} autoCapitalize="characters" spellCheck={false} autoComplete="off" />
        <SelectField
          label={t("type")}
          name="type"
          defaultValue={filters.type ?? ""}
          options={[any, { value: "parent", label: t("parents") }, { value: "child", label: t("children") }]}
        />
        <SelectField
          label={t("status")}
          name="status"
          defaultValue={filters.status ?? ""}
          options={[
            any,
            { value: "pending", label: t("statuses.pending") },
            { value: "in_progress", label: t("statuses.in_progress") },
            { value: "completed", label: t("statuses.completed") },
          ]}
        />
        {allAreas && (
          <SelectField
            label={t("area")}
            name="area"
            defaultValue={filters.area ?? ""}
            options={[{ value: "", label: t("allAreas") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))]}
          />
        )}
      </div>
      {/* Closed until used, so on a phone the list starts on the first screen. */}
      <details open={moreActive} className="mt-3 group">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-brand-700">{t("more")}</summary>
        <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField
            label={t("linked")}
            name="linked"
            defaultValue={filters.linked ?? ""}
            options={[any, { value: "linked", label: t("linkedYes") }, { value: "unlinked", label: t("linkedNo") }]}
          />
          <SelectField
            label={t("bill")}
            name="billed"
            defaultValue={filters.billed ?? ""}
            options={[any, { value: "billed", label: t("billedYes") }, { value: "unbilled", label: t("billedNo") }]}
          />
          <Field label={t("from")} name="from" type="date" defaultValue={filters.from ?? ""} />
          <Field label={t("to")} name="to" type="date" defaultValue={filters.to ?? ""} />
          <Field label={t("user")} name="user" defaultValue={filters.user ?? ""} autoCapitalize="none" spellCheck={false} autoComplete="off" />
        </div>
      </details>
      <FilterActions clearHref="/bags" />
    </form>
  );
}
