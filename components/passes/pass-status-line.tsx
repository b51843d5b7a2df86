import type { PassDto } from "@/lib/dto/passes";
import { formatIstDateTime } from "@/lib/time";
import { formatPassWindow } from "./pass-format";
import { PassStatusBadge } from "./pass-status-badge";

const TONE: Record<PassDto["status"], string> = {
  active: "border-green-700 bg-green-50 text-green-950",
  not_yet_valid: "border-amber-500 bg-amber-50 text-amber-950",
  used: "border-sky-800 bg-sky-50 text-sky-950",
  expired: "border-slate-400 bg-slate-50 text-slate-900",
  revoked: "border-red-700 bg-red-50 text-red-950",
};

/** What the pass is now, in a sentence beside its badge. */
export function passStatusSentence(p: PassDto): string {
  switch (p.status) {
    case "active":
      return `The gate admits this pass once, until ${formatIstDateTime(p.validUntil)} IST.`;
    case "not_yet_valid":
      return `Valid from ${formatIstDateTime(p.validFrom)} IST; the gate refuses it before then.`;
    case "used":
      return `Used at the gate ${p.usedAt ? `${formatIstDateTime(p.usedAt)} IST` : ""}${p.usedBy ? ` by ${p.usedBy}` : ""}: the truck has left.`;
    case "expired":
      return `Expired: its window (${formatPassWindow(p.validFrom, p.validUntil)}) ended unused. Issue a new pass for the bill.`;
    case "revoked":
      return `Revoked${p.revokedAt ? ` ${formatIstDateTime(p.revokedAt)} IST` : ""}${p.revokedBy ? ` by ${p.revokedBy}` : ""}${p.revokeReason ? `: ${p.revokeReason}` : ""}. The gate refuses it.`;
  }
}

/** The pass's status: the badge (words on colour) and the sentence saying what it means. */
export function PassStatusLine({ pass }: { pass: PassDto }) {
  return (
    <p role="status" data-testid="pass-status-line" className={`flex flex-wrap items-center gap-3 rounded-lg border-2 p-3 font-medium ${TONE[pass.status]}`}>
      <PassStatusBadge status={pass.status} large />
      <span className="min-w-0 break-words">{passStatusSentence(pass)}</span>
    </p>
  );
}
