import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { ReturnTicketDto } from "@/lib/dto/returns";
import { formatCount, formatDateTime } from "@/lib/format";
import { returnHref } from "@/lib/returns";
import { ReturnStatusBadge } from "./return-status-badge";

const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** One page of return tickets; each code opens the ticket. */
export function ReturnTable({ rows }: { rows: ReturnTicketDto[] }) {
  const t = useTranslations("returns.table");
  const tc = useTranslations("common");
  const locale = useLocale();
  const columns: Column[] = [
    { label: t("ticket") },
    { label: t("area") },
    { label: t("bags") },
    { label: t("weight") },
    { label: t("created"), show: "md" },
    { label: t("closed"), show: "lg" },
    { label: t("notes"), show: "lg" },
  ];
  return (
    <DataTable columns={columns} testId="return-table" caption={t("caption")}>
      {rows.map((ticket) => (
        <tr key={ticket.code} className="border-t border-slate-100 align-top" data-code={ticket.code}>
          <td className={cellClass(undefined, "whitespace-nowrap")}>
            <Link href={returnHref(ticket.code)} className={LINK}>
              {ticket.code}
            </Link>
            <div className="mt-1">
              <ReturnStatusBadge status={ticket.status} />
            </div>
          </td>
          <td className={cellClass()}>{tc(`areas.${ticket.area}`)}</td>
          <td className={cellClass(undefined, "tabular-nums")}>{formatCount(ticket.bagsCount, locale)}</td>
          <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>{formatKg(ticket.weightKg, locale)}</td>
          <td className={cellClass("md", "whitespace-nowrap")}>
            {formatDateTime(ticket.createdAt, locale)}
            <span className="block text-xs text-slate-600">{ticket.createdBy ?? "—"}</span>
          </td>
          <td className={cellClass("lg", "whitespace-nowrap")}>
            {ticket.closedAt ? (
              <>
                {formatDateTime(ticket.closedAt, locale)}
                <span className="block text-xs text-slate-600">{ticket.closedBy ?? "—"}</span>
              </>
            ) : (
              "—"
            )}
          </td>
          <td className={cellClass("lg", "max-w-xs break-words")}>{ticket.notes ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
