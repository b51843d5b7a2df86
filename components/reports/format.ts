import { formatDecimal } from "@/lib/format";
import type { Locale } from "@/lib/preferences";

// Weights as the office pages show them, in the reader's number style; "kg" stays in Latin.

/** 1234.5 → "1,234.5 kg" (lakh grouping; one decimal at most). */
export function formatWeight(kg: number, locale: Locale): string {
  return `${formatDecimal(kg, locale)} kg`;
}
