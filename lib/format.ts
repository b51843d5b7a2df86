// Numbers and dates as Indian readers write them (issue 19): lakh grouping (18,00,000) in both
// languages, India Standard Time, Hindi month and day names in Hindi. Client-safe.
import { INTL_LOCALE, type Locale } from "./preferences";
import { BUSINESS_TZ, CLOCK_24H } from "./time";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(INTL_LOCALE[locale], { numberingSystem: "latn", ...options })));
  return f;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: BUSINESS_TZ, numberingSystem: "latn", ...options })));
  return f;
}

/** 1800000 → "18,00,000". */
export function formatCount(n: number, locale: Locale): string {
  return numberFormat(locale).format(n);
}

/** 1234.5 kg → "1,234.5" (up to `digits` decimals). */
export function formatDecimal(n: number, locale: Locale, digits = 1): string {
  return numberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** "14:05" IST. */
export function formatTime(d: Date | string, locale: Locale): string {
  return dateFormat(locale, { hour: "2-digit", minute: "2-digit", ...CLOCK_24H }).format(new Date(d));
}

/** "02 Dec 2026, 14:05" / "02 दिस॰ 2026, 14:05" IST. */
export function formatDateTime(d: Date | string, locale: Locale): string {
  return dateFormat(locale, { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", ...CLOCK_24H }).format(new Date(d));
}

/** "02 Dec 2026" / "02 दिस॰ 2026" IST. */
export function formatDate(d: Date | string, locale: Locale): string {
  return dateFormat(locale, { year: "numeric", month: "short", day: "2-digit" }).format(new Date(d));
}
