import { useTranslations } from "next-intl";
import type { ReturnTicketStatus } from "@/lib/domain";

const BADGE: Record<ReturnTicketStatus, string> = {
  open: "bg-sky-50 text-sky-900 ring-sky-600",
  finalized: "bg-green-50 text-green-900 ring-green-700",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-400",
};

/** A ticket's status in words on its colour (never the colour alone). */
export function ReturnStatusBadge({ status, large = false }: { status: ReturnTicketStatus; large?: boolean }) {
  const tc = useTranslations("common");
  return (
    <span
      data-testid="return-status"
      data-status={status}
      className={`inline-block rounded-full font-bold tracking-wide uppercase ring-1 ring-inset whitespace-nowrap ${BADGE[status]} ${large ? "px-3 py-1 text-sm" : "px-2 py-0.5 text-xs"}`}
    >
      {tc(`returnStatuses.${status}`)}
    </span>
  );
}
