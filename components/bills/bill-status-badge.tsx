import { useTranslations } from "next-intl";
import type { BillStatus } from "@/lib/domain";
import { BILL_STATUS_BADGE } from "./bill-format";

export function BillStatusBadge({ status, large = false }: { status: BillStatus; large?: boolean }) {
  const tc = useTranslations("common");
  return (
    <span
      className={`inline-block rounded-full font-bold uppercase tracking-wide ring-1 ring-inset ${BILL_STATUS_BADGE[status]} ${large ? "px-3 py-1 text-sm" : "px-2 py-0.5 text-xs"}`}
    >
      {tc(`billStatuses.${status}`)}
    </span>
  );
}
