import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { formatKg } from "@/components/bills/bill-format";
import { EditReturnForm } from "@/components/returns/edit-return-form";
import { ReturnStation } from "@/components/returns/return-station";
import { ReturnStatusBadge } from "@/components/returns/return-status-badge";
import { ReturnedBags } from "@/components/returns/returned-bags";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import type { ReturnTicketDetail } from "@/lib/dto/returns";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { mayBeReturnCode } from "@/lib/schemas/returns";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getTicket } from "@/lib/server/returns/tickets";
import { decodeSegment } from "@/lib/server/route";
import { contextFor, type ServiceContext } from "@/lib/server/service";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("returns.detail");
  return { title: t("metaTitle", { code: decodeSegment((await params).code).slice(0, 40) }) };
}

/** The ticket, or the not-found screen for a code that names none (or could not be one). */
async function ticketOrNotFound(ctx: ServiceContext, code: string): Promise<ReturnTicketDetail> {
  if (!mayBeReturnCode(code)) notFound();
  try {
    return await getTicket(ctx, { code });
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  }
}

/** An open ticket is a scan station; a finalized or cancelled one its read-only record. */
export default async function ReturnTicketPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  if (!can(user.role, "returns:manage")) forbidden();
  const ctx = contextFor(getDb(), user, await actionMeta());
  const { ticket, bags } = await ticketOrNotFound(ctx, decodeSegment((await params).code));
  const open = ticket.status === "open";
  const locale = await getLocale();
  const t = await getTranslations("returns.detail");
  const tc = await getTranslations("common");
  /** "01 Dec 2026, 10:00 IST by asha" */
  const atBy = (at: Date, by: string | null) => t("atBy", { time: formatDateTime(at, locale), hasBy: by ? "yes" : "no", by: by ?? "" });
  const facts: Fact[] = [
    [t("area"), tc(`areas.${ticket.area}`)],
    [t("notes"), ticket.notes ? <span className="break-words whitespace-pre-line">{ticket.notes}</span> : "—"],
    [t("created"), atBy(ticket.createdAt, ticket.createdBy)],
    ...(ticket.closedAt ? [[ticket.status === "finalized" ? t("finalized") : t("cancelled"), atBy(ticket.closedAt, ticket.closedBy)] as const] : []),
    ...(open
      ? []
      : [
          [
            t("returned"),
            t("returnedValue", { parents: formatCount(ticket.bagsCount, locale), children: formatCount(ticket.childCount, locale), weight: formatKg(ticket.weightKg, locale) }),
          ] as const,
        ]),
  ];

  return (
    <section className="space-y-5">
      <PageHeader
        back={{ href: "/returns", label: t("allTickets") }}
        titleClassName="text-3xl break-all"
        title={
          <>
            <span className="font-normal text-slate-500">{t("titlePrefix")} </span>
            <span data-testid="return-code">{ticket.code}</span>
          </>
        }
        subtitle={<ReturnStatusBadge status={ticket.status} large />}
      />
      {open ? (
        <>
          <ReturnStation ticket={ticket} initialBags={bags} />
          <FactList facts={facts} />
          <EditReturnForm code={ticket.code} area={ticket.area} notes={ticket.notes ?? ""} />
        </>
      ) : (
        <>
          <div role="status" data-testid="return-closed" className="rounded-lg border-2 border-slate-300 bg-slate-50 p-4 text-lg font-semibold text-slate-800">
            {ticket.status === "finalized"
              ? t("closedFinalized", { count: ticket.bagsCount, n: formatCount(ticket.bagsCount, locale) })
              : t("closedCancelled")}
          </div>
          <FactList facts={facts} />
          <ReturnedBags bags={bags} />
        </>
      )}
    </section>
  );
}
