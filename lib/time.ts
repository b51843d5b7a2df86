// Business time is India Standard Time; storage is UTC (timestamptz).
export const BUSINESS_TZ = "Asia/Kolkata";

const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, hour: "2-digit", minute: "2-digit", hour12: false });
const dateTimeFmt = new Intl.DateTimeFormat("en-IN", {
  timeZone: BUSINESS_TZ,
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

export function formatIstTime(d: Date | string): string {
  return timeFmt.format(new Date(d));
}

export function formatIstDateTime(d: Date | string): string {
  return dateTimeFmt.format(new Date(d));
}
