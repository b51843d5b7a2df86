import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { formatBagType, formatHiddenBag } from "@/components/bags/bag-labels";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import type { DispatchArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, normalizeQr } from "@/lib/qr";
import { bagHref, billHref } from "@/lib/routes";
import { parseBillListFilters } from "@/lib/schemas/bills";
import { requirePageUser } from "@/lib/server/auth/guards";
import { findBillNumber, findHiddenBag, findVisibleBagQr, listCloseMatches } from "@/lib/server/bags/lookup";
import { listBills } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("lookup");
  return { title: t("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LookupPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bags:view_own_area")) forbidden();
  const raw = (await searchParams).q;
  const typed = Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? "");
  const q = normalizeQr(typed);
  const db = getDb();
  const bills = can(user.role, "bills:view");
  // Stored QRs are 4–20 characters; anything else can only have close matches. A bag wins
  // over a bill of the same name (a 7-digit label is a valid bill number too).
  const exact = q.length >= 4 && q.length <= 20 ? await findVisibleBagQr(db, user, q) : null;
  if (exact) redirect(bagHref(exact));
  const bill = bills && q ? await findBillNumber(db, typed) : null;
  if (bill) redirect(billHref(bill));
  // Another area's bag gets the scan station's answer, not "No bag found in <area>".
  const hidden = await findHiddenBag(db, user, q);
  const matches = q ? await listCloseMatches(db, user, q) : [];
  const billMatches = bills && q ? (await listBills(db, parseBillListFilters({ q: typed, limit: "5" }))).rows : [];
  const [t, tb, tc] = await Promise.all([getTranslations("lookup"), getTranslations("bags"), getTranslations("common")]);
  const area = (a: DispatchArea | null) => tc(`areas.${a ?? "none"}`);
  const shown = displayQr(q);
  const what = bills ? "both" : "bag";
  const nothing = hidden
    ? formatHiddenBag(hidden, area(hidden.viewerArea), tb)
    : user.role === "dispatcher"
      ? t("noMatchIn", { what, q: shown, area: area(user.dispatchArea) })
      : t("noMatch", { what, q: shown });
  return (
    <section className="space-y-5">
      <PageHeader title={t("title")} />
      <form method="get" action="/lookup" className="flex max-w-xl flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <Field label={bills ? t("fieldBoth") : t("fieldBag")} name="q" defaultValue={q} autoFocus autoCapitalize="characters" spellCheck={false} autoComplete="off" />
        </div>
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          {t("find")}
        </button>
      </form>
      {q && (
        <div role="status" className="space-y-3">
          <p className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
            {nothing}
          </p>
          {billMatches.length > 0 && (
            <>
              <h2 className="text-lg font-semibold">{t("billsStarting", { q: shown })}</h2>
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="lookup-bill-matches">
                {billMatches.map((b) => (
                  <li key={b.billNumber}>
                    <Link href={billHref(b.billNumber)} className="flex min-h-11 flex-wrap items-center gap-x-3 px-4 py-2 hover:bg-slate-50">
                      <span className="font-mono font-semibold text-brand-700">{b.billNumber}</span>
                      <span className="text-sm text-slate-600">
                        {t("billLine", { linked: b.linkedCount, capacity: b.capacity, status: tc(`billStatuses.${b.status}`).toLowerCase() })}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {matches.length > 0 ? (
            <>
              <h2 className="text-lg font-semibold">{t("closeMatches")}</h2>
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="lookup-matches">
                {matches.map((m) => (
                  <li key={m.qr}>
                    <Link href={bagHref(m.qr)} className="flex min-h-11 flex-wrap items-center gap-x-3 px-4 py-2 hover:bg-slate-50">
                      <span className="font-mono font-semibold text-brand-700">{m.qr}</span>
                      <span className="text-sm text-slate-600">
                        {formatBagType(m.type, m.qr, tb)} · {area(m.dispatchArea)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            billMatches.length === 0 && <p className="text-slate-700">{t("noSimilar")}</p>
          )}
        </div>
      )}
    </section>
  );
}
