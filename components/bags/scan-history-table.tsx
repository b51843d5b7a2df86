import { useLocale, useTranslations } from "next-intl";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BagScanEvent } from "@/lib/dto/bags";
import { formatDateTime } from "@/lib/format";
import type { BagWords } from "./bag-words";

const ACTIONS = ["parent", "child", "undo"] as const;
const RESULTS = ["created", "selected", "linked", "duplicate", "undone", "removed", "rejected"] as const;
const REASONS = ["wrong_type", "linked_elsewhere", "parent_full", "parent_completed", "bill_completed", "wrong_area", "parent_not_found"] as const;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);
/** "linked_elsewhere" → "linked elsewhere": a stored word the messages do not know yet. */
const spaced = (word: string) => word.replace(/_/g, " ");

/** "rejected:linked_elsewhere" → "Rejected (linked elsewhere)". */
function formatResult(result: string, t: BagWords): string {
  const [head = "", code] = result.split(":");
  const word = isOneOf(RESULTS, head) ? t(`history.results.${head}`) : spaced(head.charAt(0).toUpperCase() + head.slice(1));
  if (!code) return word;
  return t("history.resultWithReason", { result: word, reason: isOneOf(REASONS, code) ? t(`history.reasons.${code}`) : spaced(code) });
}

/** A bag's scan events with who did them; undone events stay listed, marked as undone. */
export function ScanHistoryTable({ scans, limit }: { scans: BagScanEvent[]; limit: number }) {
  const t = useTranslations("bags");
  const locale = useLocale();
  const columns: readonly Column[] = [
    { label: t("history.when") },
    { label: t("history.action") },
    { label: t("history.qr") },
    { label: t("history.result") },
    { label: t("history.user") },
  ];
  return (
    <section aria-labelledby="scans-heading" className="space-y-2">
      <h2 id="scans-heading" className="text-xl font-semibold">
        {t("history.heading")}
      </h2>
      {scans.length >= limit && <p className="text-sm text-slate-600">{t("history.latest", { limit })}</p>}
      {scans.length === 0 ? (
        <p className="text-slate-700">{t("history.empty")}</p>
      ) : (
        <DataTable columns={columns} testId="bag-scan-history">
          {scans.map((s, i) => (
            <tr key={`${s.at.toISOString()}-${i}`} className="border-t border-slate-100">
              <td className={cellClass(undefined, "whitespace-nowrap")}>{formatDateTime(s.at, locale)}</td>
              <td className={cellClass()}>{isOneOf(ACTIONS, s.action) ? t(`history.actions.${s.action}`) : s.action}</td>
              <td className={cellClass(undefined, "font-mono")}>{s.qr ?? "—"}</td>
              <td className={cellClass()}>
                {formatResult(s.result, t)}
                {s.undone && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900 uppercase">{t("history.undone")}</span>}
              </td>
              <td className={cellClass()}>{s.username ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
