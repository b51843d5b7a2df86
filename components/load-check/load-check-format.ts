import { createTranslator, type _Translator } from "next-intl";
import type { Messages } from "@/i18n/messages";
import enLoadCheck from "@/messages/en/loadCheck.json";
import type { LoadCheckCounts, LoadCheckSummary } from "@/lib/dto/load-check";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";
import { billHref } from "@/lib/routes";

// Words, colours and icons of a load check, shared by the live page, the report, the bill page
// and the dispatch sheet. Every kind has a word (loadCheck.kinds.<kind>) and an icon as well as a colour.

/** The load check's words (the "loadCheck" messages): pass `useTranslations("loadCheck")`. */
export type LoadCheckWords = _Translator<Messages, "loadCheck">;
/** English, the default of the pure functions here (and what the tests read). */
export const ENGLISH_LOAD_CHECK_WORDS = createTranslator({ locale: "en", messages: { loadCheck: enLoadCheck }, namespace: "loadCheck" }) as unknown as LoadCheckWords;

export type CheckKind = "matched" | "missing" | "extra" | "other_bill";

export const CHECK_KIND_STYLE: Record<CheckKind, { icon: string; panel: string; badge: string; text: string }> = {
  matched: { icon: "✓", panel: "border-green-600 bg-green-50", badge: "bg-green-100 text-green-900", text: "text-green-900" },
  missing: { icon: "?", panel: "border-amber-500 bg-amber-50", badge: "bg-amber-100 text-amber-950", text: "text-amber-950" },
  extra: { icon: "+", panel: "border-red-600 bg-red-50", badge: "bg-red-100 text-red-900", text: "text-red-900" },
  other_bill: { icon: "⇄", panel: "border-violet-600 bg-violet-50", badge: "bg-violet-100 text-violet-900", text: "text-violet-900" },
};

/** The check page of a bill, and one saved report of it. */
export function loadCheckHref(billNumber: string, id?: number): string {
  return `${billHref(billNumber)}/check${id === undefined ? "" : `/${id}`}`;
}

/** "29/30 matched, 1 missing, 1 extra, 1 on another bill" (zero extras and others left out). */
export function loadCheckCountsText(c: LoadCheckCounts, t: LoadCheckWords = ENGLISH_LOAD_CHECK_WORDS): string {
  const parts = [t("counts.matched", { matched: c.matched, expected: c.expected }), t("counts.missing", { count: c.missing })];
  if (c.extra > 0) parts.push(t("counts.extra", { count: c.extra }));
  if (c.otherBill > 0) parts.push(t("counts.otherBill", { count: c.otherBill }));
  return parts.join(", ");
}

/** "Checked 12 Mar 2025, 14:02 IST by biller — 29/30 matched, 1 missing, 1 extra". */
export function loadCheckSummaryText(c: LoadCheckSummary, locale: Locale = "en", t: LoadCheckWords = ENGLISH_LOAD_CHECK_WORDS): string {
  const at = formatDateTime(c.createdAt, locale);
  const counts = loadCheckCountsText(c, t);
  return c.checkedBy ? t("summaryBy", { at, user: c.checkedBy, counts }) : t("summary", { at, counts });
}

/** Whether the truck holds exactly the bill: everything matched, nothing extra. */
export function loadCheckClean(c: LoadCheckCounts): boolean {
  return c.missing === 0 && c.extra === 0 && c.otherBill === 0;
}
