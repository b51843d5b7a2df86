import { useTranslations } from "next-intl";
import { FilterActions } from "@/components/ui/filter-actions";
import { DISPATCH_AREAS, ROLES } from "@/lib/domain";
import type { UserListFilters } from "@/lib/schemas/users";

const SELECT = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base";
const LABEL = "text-sm font-semibold text-slate-800";
const STATUSES = ["all", "active", "locked"] as const;

/** A plain GET form: filters live in the URL, so a filtered list can be bookmarked or shared. */
export function UsersFiltersForm({ filters }: { filters: Partial<UserListFilters> }) {
  const t = useTranslations("users.filters");
  const tc = useTranslations("common");
  return (
    <form method="get" aria-label={t("label")} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid gap-3 sm:grid-cols-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="users-q" className={LABEL}>
            {t("search")}
          </label>
          <input id="users-q" name="q" type="search" defaultValue={filters.q ?? ""} maxLength={254} autoCapitalize="none" spellCheck={false} className={SELECT} />
        </div>
        <div className="flex flex-col gap-1">
          {/* Not "Role": the create form's role select below answers to that label. */}
          <label htmlFor="users-role" className={LABEL}>
            {t("type")}
          </label>
          <select id="users-role" name="role" defaultValue={filters.role ?? ""} className={SELECT}>
            <option value="">{t("allRoles")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tc(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="users-area" className={LABEL}>
            {t("area")}
          </label>
          <select id="users-area" name="area" defaultValue={filters.area ?? ""} className={SELECT}>
            <option value="">{t("allAreas")}</option>
            <option value="none">{t("noArea")}</option>
            {DISPATCH_AREAS.map((a) => (
              <option key={a} value={a}>
                {tc(`areas.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="users-status" className={LABEL}>
            {t("status")}
          </label>
          <select id="users-status" name="status" defaultValue={filters.status ?? "all"} className={SELECT}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FilterActions clearHref="/admin/users" />
    </form>
  );
}
