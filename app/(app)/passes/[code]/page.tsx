import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { formatPassWindow, formatPhone } from "@/components/passes/pass-format";
import { PassHistory } from "@/components/passes/pass-history";
import { PassStatusLine } from "@/components/passes/pass-status-line";
import { RevokePassForm } from "@/components/passes/revoke-pass-form";
import { formatKg } from "@/components/bills/bill-format";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { PassDto } from "@/lib/dto/passes";
import { formatCount, formatDateTime } from "@/lib/format";
import { mayBePassCode } from "@/lib/pass-form";
import { can } from "@/lib/permissions";
import { billHref, passHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getPass } from "@/lib/server/passes/get";
import { passHistory } from "@/lib/server/passes/history";
import { decodeSegment } from "@/lib/server/route";
import { contextFor, type ServiceContext } from "@/lib/server/service";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("passes.detail");
  return { title: t("metaTitle", { code: decodeSegment((await params).code).slice(0, 40) }) };
}

/** The pass, or the not-found screen for a code that names none (or could not be one). */
async function passOrNotFound(ctx: ServiceContext, code: string): Promise<PassDto> {
  if (!mayBePassCode(code)) notFound();
  try {
    return await getPass(ctx, { code });
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  }
}

const person = (name: string, phone: string) => (
  <>
    {name}
    <span className="block font-mono text-base">{formatPhone(phone)}</span>
  </>
);

/** A pass: its status, bill, truck, window and history; billers and admins print and revoke it here. */
export default async function PassPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "passes:view")) forbidden();
  const ctx = contextFor(getDb(), user, await actionMeta());
  const pass = await passOrNotFound(ctx, decodeSegment((await params).code));
  const locale = await getLocale();
  const t = await getTranslations("passes.detail");
  const history = await passHistory(ctx, { code: pass.code }, locale);
  const manage = can(user.role, "passes:manage");
  const open = manage && pass.usedAt === null && (pass.status === "active" || pass.status === "not_yet_valid");
  const { bill } = pass;
  const kg = (n: number) => formatKg(n, locale);
  /** "01 Dec 2026, 10:00 IST by asha" */
  const atBy = (at: Date, by: string | null) => t("atBy", { time: formatDateTime(at, locale), hasBy: by ? "yes" : "no", by: by ?? "" });
  const facts: Fact[] = [
    [
      t("bill"),
      can(user.role, "bills:view") ? (
        <Link href={billHref(pass.billNumber)} className="font-mono break-all text-brand-700 underline-offset-2 hover:underline">
          {pass.billNumber}
        </Link>
      ) : (
        <span className="font-mono break-all">{pass.billNumber}</span>
      ),
    ],
    [t("customer"), bill.customer ?? "—"],
    [t("vehicle"), <span key="vehicle" className="font-mono text-2xl">{pass.vehicleNumber}</span>],
    [t("driver"), person(pass.driverName, pass.driverPhone)],
    ...(pass.coDriverName ? [[t("coDriver"), person(pass.coDriverName, pass.coDriverPhone ?? "")] as const] : []),
    [t("valid"), formatPassWindow(pass.validFrom, pass.validUntil, locale)],
    [t("parentBags"), t("parentBagsValue", { parents: formatCount(bill.linkedCount, locale), children: formatCount(bill.childCount, locale) })],
    [t("weight"), `${kg(bill.actualWeightKg)} / ${kg(bill.expectedWeightKg)}`],
    [t("issued"), atBy(pass.createdAt, pass.issuedBy)],
    [t("usedAtGate"), pass.usedAt ? atBy(pass.usedAt, pass.usedBy) : t("notYet")],
    ...(pass.revokedAt ? [[t("revoked"), t("revokedValue", { when: atBy(pass.revokedAt, pass.revokedBy), reason: pass.revokeReason ?? "" })] as const] : []),
    ...(manage ? [[t("printed"), t("printedTimes", { count: pass.printCount, n: formatCount(pass.printCount, locale) })] as const] : []),
    ...(pass.notes ? [[t("notes"), <span key="notes" className="break-words whitespace-pre-line">{pass.notes}</span>] as const] : []),
  ];

  return (
    <section className="space-y-5">
      <PageHeader
        back={manage ? { href: "/passes", label: t("allPasses") } : { href: "/gate", label: t("gate") }}
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">{t("titlePrefix")} </span>
            <span className="font-mono" data-testid="pass-code">
              {pass.code}
            </span>
          </>
        }
        actions={
          open && (
            // No prefetch: opening the print page records a print.
            <Link
              href={passHref(pass.code, "print")}
              prefetch={false}
              className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900"
            >
              {t("print")}
            </Link>
          )
        }
      />
      <PassStatusLine pass={pass} />
      <FactList facts={facts} testId="pass-facts" />
      <PassHistory events={history} showIp={manage} />
      {open && <RevokePassForm code={pass.code} />}
    </section>
  );
}
