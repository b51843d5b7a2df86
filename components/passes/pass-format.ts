import type { PassStatus } from "@/lib/domain";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";

// How the pass pages word and colour a pass. The colours always come with the words.

export const PASS_STATUS_BADGE: Record<PassStatus, string> = {
  active: "bg-green-700 text-white ring-green-800",
  not_yet_valid: "bg-amber-100 text-amber-950 ring-amber-500",
  used: "bg-sky-800 text-white ring-sky-900",
  expired: "bg-slate-200 text-slate-800 ring-slate-400",
  revoked: "bg-red-700 text-white ring-red-800",
};

/** "01 Dec 2026, 10:00 – 01 Dec 2026, 22:00 IST" (the day once when both ends share it), in the reader's language. */
export function formatPassWindow(validFrom: Date, validUntil: Date, locale: Locale): string {
  const from = formatDateTime(validFrom, locale);
  const until = formatDateTime(validUntil, locale);
  const [fromDay, fromTime] = splitDateTime(from);
  const [untilDay, untilTime] = splitDateTime(until);
  if (fromDay && fromDay === untilDay) return `${fromDay}, ${fromTime}–${untilTime} IST`;
  return `${from} – ${until} IST`;
}

function splitDateTime(formatted: string): [string, string] {
  const at = formatted.lastIndexOf(",");
  return at < 0 ? ["", formatted] : [formatted.slice(0, at), formatted.slice(at + 1).trim()];
}

// India has no daylight saving: IST is always UTC+05:30.
const IST_OFFSET_MS = 330 * 60_000;

/** An instant as a datetime-local field's value in IST: "2026-12-01T10:00". */
export function toIstLocalInput(d: Date): string {
  return new Date(d.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16);
}

/** "98290 12345" for reading aloud at the gate; anything else as stored. */
export function formatPhone(phone: string): string {
  return /^[0-9]{10}$/.test(phone) ? `${phone.slice(0, 5)} ${phone.slice(5)}` : phone;
}
