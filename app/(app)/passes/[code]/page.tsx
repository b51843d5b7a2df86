import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { formatKg } from "@/components/bills/bill-format";
import { formatPassWindow, formatPhone } from "@/components/passes/pass-format";
import { PassHistory } from "@/components/passes/pass-history";
import { PassStatusLine } from "@/components/passes/pass-status-line";
import { RevokePassForm } from "@/components/passes/revoke-pass-form";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { PassDto } from "@/lib/dto/passes";
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
import { formatIstDateTime } from "@/lib/time";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Gate pass ${decodeSegment((await params).code).slice(0, 40)}` };
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
  const history = await passHistory(ctx, { code: pass.code });
  const manage = can(user.role, "passes:manage");
  const open = manage && pass.usedAt === null && (pass.status === "active" || pass.status === "not_yet_valid");
  const { bill } = pass;
  const facts: Fact[] = [
    [
      "Bill",
      can(user.role, "bills:view") ? (
        <Link href={billHref(pass.billNumber)} className="font-mono break-all text-brand-700 underline-offset-2 hover:underline">
          {pass.billNumber}
        </Link>
      ) : (
        <span className="font-mono break-all">{pass.billNumber}</span>
      ),
    ],
    ["Customer / destination", bill.customer ?? "—"],
    ["Vehicle", <span key="vehicle" className="font-mono text-2xl">{pass.vehicleNumber}</span>],
    ["Driver", person(pass.driverName, pass.driverPhone)],
    ...(pass.coDriverName ? [["Co-driver", person(pass.coDriverName, pass.coDriverPhone ?? "")] as const] : []),
    ["Valid (IST)", formatPassWindow(pass.validFrom, pass.validUntil)],
    ["Parent bags", `${bill.linkedCount} (${bill.childCount} child bags)`],
    ["Weight (actual / expected)", `${formatKg(bill.actualWeightKg)} / ${formatKg(bill.expectedWeightKg)}`],
    ["Issued", `${formatIstDateTime(pass.createdAt)} IST${pass.issuedBy ? ` by ${pass.issuedBy}` : ""}`],
    ["Used at the gate", pass.usedAt ? `${formatIstDateTime(pass.usedAt)} IST${pass.usedBy ? ` by ${pass.usedBy}` : ""}` : "Not yet"],
    ...(pass.revokedAt
      ? [["Revoked", `${formatIstDateTime(pass.revokedAt)} IST${pass.revokedBy ? ` by ${pass.revokedBy}` : ""}: ${pass.revokeReason ?? ""}`] as const]
      : []),
    ...(manage ? [["Printed", pass.printCount === 1 ? "1 time" : `${pass.printCount} times`] as const] : []),
    ...(pass.notes ? [["Notes", <span key="notes" className="break-words whitespace-pre-line">{pass.notes}</span>] as const] : []),
  ];

  return (
    <section className="space-y-5">
      <PageHeader
        back={manage ? { href: "/passes", label: "All passes" } : { href: "/gate", label: "Gate" }}
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">Pass </span>
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
              Print pass
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
