import type { BagCount } from "@/lib/dto/bags";
import { formatCount, formatDecimal } from "@/lib/format";
import { INTL_LOCALE, type Locale } from "@/lib/preferences";
import { ENGLISH_BAG_WORDS, type BagWords } from "./bag-words";

const twoFigures = (locale: Locale) => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumSignificantDigits: 2, numberingSystem: "latn" });

/** A large number as an Indian reader says it: 1.8 lakh, 2.3 crore; below a lakh, 12,000. */
export function formatApproxNumber(n: number, locale: Locale = "en", t: BagWords = ENGLISH_BAG_WORDS): string {
  if (n >= 10_000_000) return t("count.crore", { n: formatDecimal(n / 10_000_000, locale) });
  if (n >= 100_000) return t("count.lakh", { n: formatDecimal(n / 100_000, locale) });
  return twoFigures(locale).format(n);
}

/** The list header's count: "1 bag", "4,210 bags", "more than 10,000 bags", "about 1.8 lakh bags". */
export function formatBagCount(count: BagCount, locale: Locale = "en", t: BagWords = ENGLISH_BAG_WORDS): string {
  if (count.kind === "more_than") return t("count.moreThan", { n: formatCount(count.n, locale) });
  if (count.kind === "about") return t("count.about", { n: formatApproxNumber(count.n, locale, t) });
  return t("count.exact", { count: count.n, n: formatCount(count.n, locale) });
}
