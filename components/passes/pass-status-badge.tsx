import { useTranslations } from "next-intl";
import type { PassStatus } from "@/lib/domain";
import { PASS_STATUS_BADGE } from "./pass-format";

/** A pass's status in words on its colour (never the colour alone). */
export function PassStatusBadge({ status, large = false }: { status: PassStatus; large?: boolean }) {
  const tc = useTranslations("common");
  return (
    <span
      data-testid="pass-status"
      className={`inline-block rounded-full font-bold tracking-wide uppercase ring-1 ring-inset whitespace-nowrap ${PASS_STATUS_BADGE[status]} ${large ? "px-3 py-1 text-sm" : "px-2 py-0.5 text-xs"}`}
    >
      {tc(`passStatuses.${status}`)}
    </span>
  );
}
