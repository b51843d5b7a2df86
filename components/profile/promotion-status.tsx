import type { OwnPromotionRequest, OwnPromotionState } from "@/lib/dto/promotions";
import { formatRole } from "@/lib/domain";
import { formatIstDateTime } from "@/lib/time";
import { PromotionRequestForm } from "./promotion-request-form";

function Decision({ request }: { request: OwnPromotionRequest }) {
  const approved = request.status === "approved";
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="promotion-last-decision" data-status={request.status}>
      <p>
        Your last request, to become <strong>{formatRole(request.requestedRole)}</strong>, was{" "}
        <strong className={approved ? "text-green-800" : "text-red-800"}>{approved ? "approved" : "rejected"}</strong>
        {request.decidedBy ? ` by ${request.decidedBy}` : ""}
        {request.decidedAt ? ` on ${formatIstDateTime(request.decidedAt)} IST` : ""}.
      </p>
      {request.decisionNote && (
        <p className="mt-1 text-slate-700">
          Note: <q className="[overflow-wrap:anywhere] whitespace-pre-line">{request.decisionNote}</q>
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
  const { pending, lastDecided, targets, blocked } = state;
  return (
    <div className="space-y-3">
      {pending ? (
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="promotion-pending" data-status="pending">
          <p>
            Your request to become <strong>{formatRole(pending.requestedRole)}</strong>, sent {formatIstDateTime(pending.createdAt)} IST, is{" "}
            <strong>waiting for an admin</strong>. You can ask again once it is decided.
          </p>
          <p className="mt-1 text-slate-700 [overflow-wrap:anywhere] whitespace-pre-line">Your reason: {pending.reason}</p>
        </div>
      ) : null}
      {lastDecided && <Decision request={lastDecided} />}
      {!pending &&
        (blocked ? (
          <p className="text-slate-700">{blocked}</p>
        ) : targets.length > 0 ? (
          <>
            <p className="text-sm text-slate-700">Ask an admin for a role with more rights. Say why: an admin reads it before deciding.</p>
            <PromotionRequestForm targets={targets} />
          </>
        ) : null)}
    </div>
  );
}
