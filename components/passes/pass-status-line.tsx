import { useLocale, useTranslations } from "next-intl";
import type { PassDto } from "@/lib/dto/passes";
import { formatDateTime } from "@/lib/format";
import { formatPassWindow } from "./pass-format";
import { PassStatusBadge } from "./pass-status-badge";

const TONE: Record<PassDto["status"], string> = {
  active: "border-green-700 bg-green-50 text-green-950",
  not_yet_valid: "border-amber-500 bg-amber-50 text-amber-950",
  used: "border-sky-800 bg-sky-50 text-sky-950",
  expired: "border-slate-400 bg-slate-50 text-slate-900",
  revoked: "border-red-700 bg-red-50 text-red-950",
};

/** The pass's status: the badge (words on colour) and the sentence saying what it means. */
export function PassStatusLine({ pass: p }: { pass: PassDto }) {
  const t = useTranslations("passes.statusLine");
  const locale = useLocale();
  const time = (d: Date | null) => (d ? formatDateTime(d, locale) : "—");
  const who = (name: string | null) => ({ hasBy: name ? "yes" : "no", by: name ?? "" });
  let sentence: string;
  switch (p.status) {
    case "active":
      sentence = t("active", { until: time(p.validUntil) });
      break;
    case "not_yet_valid":
      sentence = t("notYetValid", { from: time(p.validFrom) });
      break;
    case "used":
      sentence = t("used", { time: time(p.usedAt), ...who(p.usedBy) });
      break;
    case "expired":
      sentence = t("expired", { window: formatPassWindow(p.validFrom, p.validUntil, locale) });
      break;
    case "revoked":
      sentence = t("revoked", { time: time(p.revokedAt), ...who(p.revokedBy), hasReason: p.revokeReason ? "yes" : "no", reason: p.revokeReason ?? "" });
      break;
  }
  return (
    <p role="status" data-testid="pass-status-line" className={`flex flex-wrap items-center gap-3 rounded-lg border-2 p-3 font-medium ${TONE[p.status]}`}>
      <PassStatusBadge status={p.status} large />
      <span className="min-w-0 break-words">{sentence}</span>
    </p>
  );
}
