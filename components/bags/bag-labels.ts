import type { BagStatus, BagType } from "@/lib/domain";
import type { ParentSeal } from "@/lib/dto/scan";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";
import { parentKindOf } from "@/lib/qr";
import { ENGLISH_BAG_WORDS, type BagWords } from "./bag-words";

/** "Parent · SB", "Parent · M444" or "Child". */
export function formatBagType(type: BagType, qr: string, t: BagWords = ENGLISH_BAG_WORDS): string {
  return type === "child" ? t("labels.child") : t("labels.parentOf", { kind: parentKindOf(qr) });
}

/** A parent's packing state ("Finished" when sealed below capacity); a child's is whether it sits in a parent. */
export function formatBagStatus(type: BagType, status: BagStatus, parentQr: string | null, finished = false, t: BagWords = ENGLISH_BAG_WORDS): string {
  if (type === "child") return parentQr ? t("labels.packed") : t("labels.notPacked");
  return finished ? t("labels.finished") : t(`labels.parentStatus.${status}`);
}

/** "Finished at 12 of 30 — Short lot, by ravi, 30 Nov 2026, 10:02 IST" */
export function formatSeal(seal: ParentSeal, childCount: number, capacity: number | null, locale: Locale = "en", t: BagWords = ENGLISH_BAG_WORDS): string {
  return t("labels.seal", {
    count: childCount,
    capacity: capacity ?? "—",
    reason: seal.reason,
    by: seal.by ?? t("labels.deletedUser"),
    at: formatDateTime(seal.at, locale),
  });
}

/** Why a bag the viewer may not see is hidden (findHiddenBag), as the scan station says it; `area`: the viewer's area, named. */
export function formatHiddenBag(hidden: { qr: string; reason: "viewer_no_area" | "other_area" | "no_area" }, area: string, t: BagWords = ENGLISH_BAG_WORDS): string {
  return t(`hidden.${hidden.reason}`, { qr: hidden.qr, area });
}
