"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { PortalFilterOptions } from "@/lib/dto/portal";
import { formatCount, formatDate } from "@/lib/format";
import { PORTAL_SEARCH_LIMIT, type PortalView } from "@/lib/portal-view";
import type { BillStatus } from "@/lib/domain";

const SEARCH_DEBOUNCE_MS = 250;
const INPUT = "min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 disabled:bg-slate-100";
const LABEL = "text-sm font-semibold text-slate-800";

type Filters = Pick<PortalView, "q" | "customer" | "status" | "from" | "to">;

/**
 * One search box (debounced) and the cascade customer → status → from/to: each select lists what
 * the options route answers for the choices before it. Stacks on a phone.
 */
export function PortalFilters({
  view,
  options,
  optionsLoading,
  onChange,
}: {
  view: Filters;
  options: PortalFilterOptions | undefined;
  optionsLoading: boolean;
  onChange: (patch: Partial<Filters>) => void;
}) {
  const t = useTranslations("portal.filters");
  const tc = useTranslations("common");
  const locale = useLocale();
  const statusLabel = (s: BillStatus) => tc(`billStatuses.${s}`);
  const [q, setQ] = useState(view.q);
  const sent = useRef(view.q);
  // A view restored or cleared from outside (sessionStorage, "Clear filters") resets the box.
  useEffect(() => {
    if (view.q !== sent.current) {
      sent.current = view.q;
      setQ(view.q);
    }
  }, [view.q]);
  useEffect(() => {
    if (q === sent.current) return;
    const timer = window.setTimeout(() => {
      sent.current = q;
      onChange({ q });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [q, onChange]);

  const customers = options?.customers ?? [];
  const statuses = options?.statuses ?? [];
  const days = options?.days ?? null;
  // Keep the current choice listed while its options load, so the select never shows a blank.
  const customerListed = !view.customer || customers.some((c) => c.code.toUpperCase() === view.customer);
  const statusListed = !view.status || statuses.some((s) => s.status === view.status);

  return (
    <div role="search" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.4fr_1fr_1fr_1fr]">
      <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-1">
        <label htmlFor="portal-search" className={LABEL}>
          {t("search")}
        </label>
        <input
          id="portal-search"
          type="search"
          value={q}
          maxLength={PORTAL_SEARCH_LIMIT}
          placeholder={t("searchPlaceholder")}
          autoComplete="off"
          onChange={(e) => setQ(e.target.value)}
          className={INPUT}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="portal-customer" className={LABEL}>
          {t("customer")}
        </label>
        <select id="portal-customer" value={view.customer} onChange={(e) => onChange({ customer: e.target.value })} className={INPUT}>
          <option value="">{t("allCustomers")}</option>
          {!customerListed && <option value={view.customer}>{view.customer}</option>}
          {customers.map((c) => (
            <option key={c.code} value={c.code.toUpperCase()}>
              {t("optionCount", { name: c.name, count: formatCount(c.bills, locale) })}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="portal-status" className={LABEL}>
          {t("status")}
        </label>
        <select
          id="portal-status"
          value={view.status}
          onChange={(e) => onChange({ status: e.target.value as BillStatus | "" })}
          className={INPUT}
          aria-busy={optionsLoading || undefined}
        >
          <option value="">{t("allStatuses")}</option>
          {!statusListed && <option value={view.status}>{statusLabel(view.status as BillStatus)}</option>}
          {statuses.map((s) => (
            <option key={s.status} value={s.status}>
              {t("optionCount", { name: statusLabel(s.status), count: formatCount(s.bills, locale) })}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="portal-from" className={LABEL}>
          {t("from")}
        </label>
        <input
          id="portal-from"
          type="date"
          value={view.from}
          min={days?.first}
          max={view.to || days?.last}
          onChange={(e) => onChange({ from: e.target.value })}
          className={INPUT}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="portal-to" className={LABEL}>
          {t("to")}
        </label>
        <input
          id="portal-to"
          type="date"
          value={view.to}
          min={view.from || days?.first}
          max={days?.last}
          onChange={(e) => onChange({ to: e.target.value })}
          className={INPUT}
        />
      </div>
      {days && (
        <p className="text-xs text-slate-600 sm:col-span-2 lg:col-span-5">
          {t("between", { first: formatDate(`${days.first}T12:00:00+05:30`, locale), last: formatDate(`${days.last}T12:00:00+05:30`, locale) })}
        </p>
      )}
    </div>
  );
}
