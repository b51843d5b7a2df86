"use client";

import { useTranslations } from "next-intl";

/** Opens the browser's print dialog; hidden on the printed page itself. */
export function PrintButton() {
  const tc = useTranslations("common");
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 print:hidden"
    >
      {tc("actions.print")}
    </button>
  );
}
