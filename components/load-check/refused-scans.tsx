import { useTranslations } from "next-intl";
import type { RefusedScan } from "./load-check-state";

const SHOWN = 10;

/** Labels scanned at the truck but not counted (child labels, invalid text), newest first. */
export function RefusedScans({ refused }: { refused: RefusedScan[] }) {
  const t = useTranslations("loadCheck.refused");
  if (refused.length === 0) return null;
  return (
    <section aria-labelledby="check-refused-heading" className="rounded-xl border border-slate-200 bg-white">
      <h2 id="check-refused-heading" className="border-b border-slate-200 px-4 py-2 text-base font-semibold">
        <span aria-hidden="true">✕ </span>
        {t("heading", { count: refused.length })}
      </h2>
      <ol data-testid="check-refused" className="divide-y divide-slate-100">
        {refused.slice(0, SHOWN).map((r) => (
          <li key={r.id} className="px-4 py-2 text-sm">
            <span className="break-words text-slate-800">{r.message}</span>
          </li>
        ))}
      </ol>
      {refused.length > SHOWN && <p className="px-4 py-2 text-sm text-slate-600">{t("more", { count: refused.length - SHOWN })}</p>}
    </section>
  );
}
