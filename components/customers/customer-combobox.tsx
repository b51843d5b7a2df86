"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useCustomerSuggestions } from "./use-customer-suggestions";

interface CustomerComboboxProps {
  label: string;
  name: string;
  defaultValue?: string;
  maxLength?: number;
  hint?: string;
  errors?: string[];
}

/**
 * A text field that suggests known customers as you type (an ARIA 1.2 combobox with a listbox):
 * ↓/↑ move through the suggestions, Enter takes one, Escape closes the list. What is typed is
 * what the form sends, so a new name is sent as it stands (and becomes a customer).
 */
export function CustomerCombobox({ label, name, defaultValue = "", maxLength, hint, errors }: CustomerComboboxProps) {
  const t = useTranslations("customers.combobox");
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [value, setValue] = useState(defaultValue);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const suggestions = useCustomerSuggestions(value, open);
  // The name exactly as typed is not offered again: there is nothing to complete.
  const options = suggestions.filter((c) => c.name !== value.trim());
  const expanded = open && options.length > 0;
  const hasError = Boolean(errors?.length);
  const describedBy = [hint ? hintId : "", hasError ? errorId : ""].filter(Boolean).join(" ") || undefined;

  const choose = (index: number) => {
    const picked = options[index];
    if (picked) setValue(picked.name);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) {
        setOpen(true);
        return;
      }
      const down = event.key === "ArrowDown";
      setActive((i) => (i < 0 ? (down ? 0 : options.length - 1) : (i + (down ? 1 : -1) + options.length) % options.length));
      return;
    }
    if (event.key === "Enter" && expanded && active >= 0) {
      // Enter takes the highlighted suggestion; without one it submits the form as usual.
      event.preventDefault();
      choose(active);
      return;
    }
    if (event.key === "Escape" && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="relative flex flex-col gap-1">
      <label htmlFor={inputId} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        type="text"
        role="combobox"
        autoComplete="off"
        maxLength={maxLength}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={hasError || undefined}
        aria-describedby={describedBy}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        className="rounded-md border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-invalid:border-red-600"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t("suggestions")}
        hidden={!expanded}
        className="absolute top-full z-20 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg"
      >
        {options.map((c, i) => (
          <li
            key={c.code}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input keeps focus, so the list is not closed by its blur first.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(i);
            }}
            onMouseEnter={() => setActive(i)}
            className={`flex min-h-11 cursor-pointer items-center justify-between gap-3 px-3 text-base ${i === active ? "bg-brand-50 text-brand-900" : ""}`}
          >
            <span>{c.name}</span>
            <span className="font-mono text-xs text-slate-500">{c.code}</span>
          </li>
        ))}
      </ul>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
