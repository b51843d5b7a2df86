import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
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

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("passes.new");
  return { title: t("title") };
}

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
  const t = await getTranslations("passes.new");
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle", { hours: PASS_DEFAULT_HOURS, max: PASS_MAX_HOURS })}
        back={bill ? { href: billHref(bill.billNumber), label: t("backToBill", { billNumber: bill.billNumber }) } : { href: "/passes", label: t("allPasses") }}
      />
      {bill && blocking && (
        <BillNotice>
          {t.rich("alreadyHasPass", {
            billNumber: bill.billNumber,
            used: blocking.status === "used" ? "yes" : "no",
            code: blocking.code,
            link: (chunks) => (
              <Link href={passHref(blocking.code)} className="font-semibold text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })}
        </BillNotice>
      )}
      {bill && !blocking && bill.status !== "completed" && (
        <BillNotice>
          {t("notCompleted", { billNumber: bill.billNumber, status: bill.status })}{" "}
          <Link href={billHref(bill.billNumber)} className="font-semibold text-brand-700 underline">
            {t("openBill", { billNumber: bill.billNumber })}
          </Link>
        </BillNotice>
      )}
      {requested && !bill && <BillNotice>{t("noSuchBill", { billNumber: JSON.stringify(requested.slice(0, 50)) })}</BillNotice>}
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <IssuePassForm defaults={{ ...defaults, billNumber: bill?.billNumber ?? requested }} />
      </div>
    </section>
  );
}
