"use client";

import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { useRef, useState } from "react";

const PANEL_ID = "header-menu";

/**
 * Phones get a one-row header: this button opens the rest of it (navigation, lookup, who is
 * signed in, Sign out) underneath. From `sm` up the button is hidden and the rest sits in the
 * header row as it always did (the panel is `display: contents` there).
 */
export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const t = useTranslations("shell");
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownOn, setShownOn] = useState(pathname);
  if (shownOn !== pathname) {
    // Arriving on another page folds the menu away again.
    setShownOn(pathname);
    setOpen(false);
  }
  const button = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (e: React.KeyboardEvent) => {
    if (e.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={PANEL_ID}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={closeOnEscape}
        className="ml-auto inline-flex h-11 shrink-0 items-center gap-2 rounded border border-white/40 px-3 font-medium hover:bg-white/10 sm:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
          {open ? (
            <path d="M5.3 4 10 8.6 14.7 4 16 5.3 11.4 10l4.6 4.7-1.3 1.3-4.7-4.6L5.3 16 4 14.7 8.6 10 4 5.3z" />
          ) : (
            <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
          )}
        </svg>
        {t("header.menu")}
      </button>
      <div id={PANEL_ID} onKeyDown={closeOnEscape} className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 pb-3 sm:contents`}>
        {children}
      </div>
    </>
  );
}
