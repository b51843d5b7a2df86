"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useCustomerSuggestions } from "./use-customer-suggestions";

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The customers an account sees, as a checklist: the chosen ones (checked; unchecking drops
 * one), then known customers matching what is typed into "Add customer" (checking adds one).
 * Enter adds the typed name as it stands, known or new (a new one is created on save). Each
 * checked box sends one `name` value. Disabled (sends nothing) while "All customers" is on.
 */
export function CustomerPicker({
  name = "customers",
  defaultSelected = [],
  disabled = false,
  errors,
}: {
  name?: string;
  defaultSelected?: string[];
  disabled?: boolean;
  errors?: string[];
}) {
  const t = useTranslations("customers.picker");
  const id = useId();
  const [selected, setSelected] = useState<string[]>(defaultSelected);
  const [query, setQuery] = useState("");
  const [focused, setFocused] = useState(false);
  const suggestions = useCustomerSuggestions(query, !disabled && (focused || query !== ""));
  const offered = suggestions.filter((c) => !selected.some((s) => sameName(s, c.name)));
  const hasError = Boolean(errors?.length);

  const add = (raw: string) => {
    const value = raw.trim();
    if (!value) return;
    setSelected((list) => (list.some((s) => sameName(s, value)) ? list : [...list, value]));
    setQuery("");
  };
  const drop = (value: string) => setSelected((list) => list.filter((s) => s !== value));

  return (
    <fieldset disabled={disabled} className="flex flex-col gap-2 disabled:opacity-60" aria-describedby={hasError ? `${id}-error` : undefined}>
      <legend className="text-sm font-semibold text-slate-800">{t("legend")}</legend>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-add`} className="text-sm text-slate-700">
          {t("add")}
        </label>
        <input
          id={`${id}-add`}
          type="text"
          autoComplete="off"
          maxLength={120}
          value={query}
          placeholder={t("placeholder")}
          onChange={(e) => setQuery(e.target.value)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={(e) => {
            // Enter adds the name here instead of submitting the account form.
            if (e.key === "Enter") {
              e.preventDefault();
              add(query);
            }
          }}
          aria-describedby={`${id}-add-hint`}
          className="rounded-md border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600"
        />
        <p id={`${id}-add-hint`} className="text-sm text-slate-600">
          {t("hint")}
        </p>
      </div>
      <ul className="flex max-h-72 flex-col gap-1 overflow-y-auto rounded-md border border-slate-200 bg-white p-2" aria-label={t("list")}>
        {selected.map((value) => (
          <li key={`on-${value}`}>
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name={name} value={value} checked onChange={() => drop(value)} className="h-5 w-5" />
              <span className="font-medium">{value}</span>
            </label>
          </li>
        ))}
        {offered.map((c) => (
          <li key={`offer-${c.code}`}>
            <label className="flex min-h-11 items-center gap-2 text-slate-700">
              <input type="checkbox" checked={false} onChange={() => add(c.name)} className="h-5 w-5" />
              <span>{c.name}</span>
              <span className="font-mono text-xs text-slate-500">{c.code}</span>
            </label>
          </li>
        ))}
        {selected.length === 0 && offered.length === 0 && <li className="text-sm text-slate-500">{t("none")}</li>}
      </ul>
      {hasError && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
