import { useLocale, useTranslations } from "next-intl";
import type { OwnPromotionRequest, OwnPromotionState } from "@/lib/dto/promotions";
import { formatDateTime } from "@/lib/format";
import { PromotionRequestForm } from "./promotion-request-form";

const bold = (chunks: React.ReactNode) => <strong>{chunks}</strong>;

function Decision({ request }: { request: OwnPromotionRequest }) {
  const t = useTranslations("profile.promotion");
  const tc = useTranslations("common");
  const locale = useLocale();
  const approved = request.status === "approved";
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="promotion-last-decision" data-status={request.status}>
      <p>
        {t.rich("lastDecision", {
          role: tc(`roles.${request.requestedRole}`),
          status: approved ? "approved" : "rejected",
          withBy: request.decidedBy ? "yes" : "no",
          decidedBy: request.decidedBy ?? "",
          withAt: request.decidedAt ? "yes" : "no",
          decidedAt: request.decidedAt ? formatDateTime(request.decidedAt, locale) : "",
          b: bold,
          decision: (chunks) => <strong className={approved ? "text-green-800" : "text-red-800"}>{chunks}</strong>,
        })}
      </p>
      {request.decisionNote && (
        <p className="mt-1 text-slate-700">
          {t.rich("note", { note: request.decisionNote, q: (chunks) => <q className="[overflow-wrap:anywhere] whitespace-pre-line">{chunks}</q> })}
        </p>
      )}
    </div>
  );
}

/**
 * The promotion part of /profile: the pending request's status instead of the form while one
 * waits, the last decision with its note, and otherwise the form.
 */
export function PromotionStatus({ state }: { state: OwnPromotionState }) {
  const t = useTranslations("profile.promotion");
  const tc = useTranslations("common");
  const locale = useLocale();
  const { pending, lastDecided, targets, blocked } = state;
  return (
    <div className="space-y-3">
      {pending ? (
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="promotion-pending" data-status="pending">
          <p>{t.rich("waiting", { role: tc(`roles.${pending.requestedRole}`), sentAt: formatDateTime(pending.createdAt, locale), b: bold })}</p>
          <p className="mt-1 text-slate-700 [overflow-wrap:anywhere] whitespace-pre-line">{t("yourReason", { reason: pending.reason })}</p>
        </div>
      ) : null}
      {lastDecided && <Decision request={lastDecided} />}
      {!pending &&
        (blocked ? (
          // The only reason there is: the role follows the directory's groups.
          <p className="text-slate-700">{t("directoryManaged")}</p>
        ) : targets.length > 0 ? (
          <>
            <p className="text-sm text-slate-700">{t("intro")}</p>
            <PromotionRequestForm targets={targets} />
          </>
        ) : null)}
    </div>
  );
}
