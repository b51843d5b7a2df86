import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { IssuePassForm } from "@/components/passes/issue-pass-form";
import { toIstLocalInput } from "@/components/passes/pass-format";
import { PageHeader } from "@/components/ui/page-header";
import { PASS_DEFAULT_HOURS, PASS_MAX_HOURS } from "@/lib/passes";
import { can } from "@/lib/permissions";
import { billHref, passHref } from "@/lib/routes";
import { firstValues } from "@/lib/schemas/filters";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getBill } from "@/lib/server/bills/detail";
import { latestPassOfBill } from "@/lib/server/bills/latest-pass";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "New gate pass" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const HOUR_MS = 3_600_000;

/** What the named bill says before anything is typed: not completed, or already has a pass. */
function BillNotice({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="max-w-2xl rounded-md border-2 border-amber-500 bg-amber-50 p-3 text-amber-950">
      {children}
    </div>
  );
}

/** /passes/new?bill=NUMBER: the issue form, the bill and its vehicle filled in when the bill is known. */
export default async function NewPassPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "passes:manage")) forbidden();
  const requested = (firstValues(await searchParams).bill ?? "").slice(0, 200);
  const detail = requested ? await getBill(getDb(), requested) : null;
  const bill = detail?.bill ?? null;
  const current = bill ? await latestPassOfBill(getDb(), bill.billNumber) : null;
  const blocking = current && (current.status === "active" || current.status === "not_yet_valid" || current.status === "used") ? current : null;
  const now = new Date();
  const defaults = {
    billNumber: bill?.billNumber ?? "",
    vehicleNumber: bill?.vehicleNumber ?? "",
    validFrom: toIstLocalInput(now),
    validUntil: toIstLocalInput(new Date(now.getTime() + PASS_DEFAULT_HOURS * HOUR_MS)),
  };
  return (
    <section className="space-y-4">
      <PageHeader
        title="New gate pass"
        subtitle={`For a completed bill's truck: valid ${PASS_DEFAULT_HOURS} hours by default, at most ${PASS_MAX_HOURS} h. The gate scans its QR once.`}
        back={bill ? { href: billHref(bill.billNumber), label: `Bill ${bill.billNumber}` } : { href: "/passes", label: "All passes" }}
      />
      {bill && blocking && (
        <BillNotice>
          Bill {bill.billNumber} already has {blocking.status === "used" ? "a used" : "an active"} gate pass,{" "}
          <Link href={passHref(blocking.code)} className="font-semibold text-brand-700 underline">
            {blocking.code}
          </Link>
          . {blocking.status === "used" ? "Its truck has left." : "Revoke it first to issue a new one."}
        </BillNotice>
      )}
      {bill && !blocking && bill.status !== "completed" && (
        <BillNotice>
          Bill {bill.billNumber} is {bill.status}: only a completed bill gets a gate pass.{" "}
          <Link href={billHref(bill.billNumber)} className="font-semibold text-brand-700 underline">
            Open bill {bill.billNumber}
          </Link>
        </BillNotice>
      )}
      {requested && !bill && <BillNotice>No bill {JSON.stringify(requested.slice(0, 50))} was found. Check the number below.</BillNotice>}
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <IssuePassForm defaults={{ ...defaults, billNumber: bill?.billNumber ?? requested }} />
      </div>
    </section>
  );
}
