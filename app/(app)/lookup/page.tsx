import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { formatBagType } from "@/components/bags/bag-labels";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { displayQr, normalizeQr } from "@/lib/qr";
import { bagHref, billHref } from "@/lib/routes";
import { parseBillListFilters } from "@/lib/schemas/bills";
import { requirePageUser } from "@/lib/server/auth/guards";
import { findBillNumber, findVisibleBagQr, hiddenBagMessage, listCloseMatches } from "@/lib/server/bags/lookup";
import { listBills } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "Lookup" };

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
  const hidden = await hiddenBagMessage(db, user, q);
  const matches = q ? await listCloseMatches(db, user, q) : [];
  const billMatches = bills && q ? (await listBills(db, parseBillListFilters({ q: typed, limit: "5" }))).rows : [];
  return (
    <section className="space-y-5">
      <PageHeader title="Lookup" />
      <form method="get" action="/lookup" className="flex max-w-xl flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <Field label={bills ? "Bag QR or bill number" : "Bag QR"} name="q" defaultValue={q} autoFocus autoCapitalize="characters" spellCheck={false} autoComplete="off" />
        </div>
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          Find
        </button>
      </form>
      {q && (
        <div role="status" className="space-y-3">
          <p className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
            {hidden ?? `No ${bills ? "bag or bill" : "bag"} “${displayQr(q)}” found${user.role === "dispatcher" ? ` in ${formatArea(user.dispatchArea)}` : ""}.`}
          </p>
          {billMatches.length > 0 && (
            <>
              <h2 className="text-lg font-semibold">Bills starting with “{displayQr(q)}”</h2>
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="lookup-bill-matches">
                {billMatches.map((b) => (
                  <li key={b.billNumber}>
                    <Link href={billHref(b.billNumber)} className="flex min-h-11 flex-wrap items-center gap-x-3 px-4 py-2 hover:bg-slate-50">
                      <span className="font-mono font-semibold text-brand-700">{b.billNumber}</span>
                      <span className="text-sm text-slate-600">
                        {b.linkedCount} / {b.capacity} parent bags · {b.status}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {matches.length > 0 ? (
            <>
              <h2 className="text-lg font-semibold">Close matches</h2>
              <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="lookup-matches">
                {matches.map((m) => (
                  <li key={m.qr}>
                    <Link href={bagHref(m.qr)} className="flex min-h-11 flex-wrap items-center gap-x-3 px-4 py-2 hover:bg-slate-50">
                      <span className="font-mono font-semibold text-brand-700">{m.qr}</span>
                      <span className="text-sm text-slate-600">
                        {formatBagType(m.type, m.qr)} · {formatArea(m.dispatchArea)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            billMatches.length === 0 && <p className="text-slate-700">No similar QR codes either. Check the label and try again.</p>
          )}
        </div>
      )}
    </section>
  );
}
