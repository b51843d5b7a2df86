// Business time is India Standard Time; storage is UTC (timestamptz).
export const BUSINESS_TZ = "Asia/Kolkata";

// 24-hour clock as hourCycle "h23" (00:00–23:59). `hour12: false` picks the locale's own 24-hour
// cycle, which Node's ICU gives en-IN as "h24" (24:10 for ten past midnight) and Chromium's as
// "h23" (00:10): the server and the browser then render the same time differently.
export const CLOCK_24H = { hourCycle: "h23" } as const;
const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, hour: "2-digit", minute: "2-digit", ...CLOCK_24H });
const dateTimeFmt = new Intl.DateTimeFormat("en-IN", {
  timeZone: BUSINESS_TZ,
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  ...CLOCK_24H,
});

export function formatIstTime(d: Date | string): string {
  return timeFmt.format(new Date(d));
}

export function formatIstDateTime(d: Date | string): string {
  return dateTimeFmt.format(new Date(d));
}

// India has no daylight saving: an IST day is always [00:00, 24:00) at UTC+05:30.
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2025-03-31" (an IST calendar day) → its UTC start and exclusive end; null if not a real date. */
export function istDayBounds(day: string): { start: Date; end: Date } | null {
  const m = ISO_DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utcMidnight = Date.UTC(y, mo - 1, d);
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const start = new Date(utcMidnight - IST_OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** An instant's IST wall clock as a Date whose UTC fields read it (for formats that keep no time zone, e.g. Excel). */
export function istWallClock(d: Date | string): Date {
  return new Date(new Date(d).getTime() + IST_OFFSET_MS);
}

/** The IST calendar day of an instant, as YYYY-MM-DD. */
export function istDay(d: Date | string): string {
  return istWallClock(d).toISOString().slice(0, 10);
}

/** "2025-03-31 14:05", in IST: sorts as text and every spreadsheet reads it as a date (CSV exports). */
export function istStamp(d: Date | string): string {
  return istWallClock(d).toISOString().slice(0, 16).replace("T", " ");
}
