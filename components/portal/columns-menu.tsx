"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { PORTAL_COLUMNS, type PortalColumn } from "@/lib/dto/portal";
import { ALWAYS_SHOWN } from "@/lib/portal-view";

/** "Columns": a menu of checkboxes that show or hide the grid's columns (the bill number stays). */
export function ColumnsMenu({ hidden, onToggle }: { hidden: readonly PortalColumn[]; onToggle: (column: PortalColumn, shown: boolean) => void }) {
  const t = useTranslations("portal");
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (boxRef.current && !boxRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={boxRef} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
      >
        {t("columnsMenu.button")}
      </button>
      {open && (
        <fieldset
          id={panelId}
          className="absolute left-0 z-20 mt-1 w-56 sm:right-0 sm:left-auto space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg"
          data-testid="portal-columns-menu"
        >
          <legend className="sr-only">{t("columnsMenu.legend")}</legend>
          {PORTAL_COLUMNS.map((column) => {
            const fixed = column === ALWAYS_SHOWN;
            return (
              <label key={column} className="flex min-h-9 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={fixed || !hidden.includes(column)}
                  disabled={fixed}
                  onChange={(e) => onToggle(column, e.target.checked)}
                />
                {t(`columns.${column}`)}
                {fixed && <span className="text-xs text-slate-500">{t("columnsMenu.always")}</span>}
              </label>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}
