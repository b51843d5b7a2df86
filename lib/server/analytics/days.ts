import { istDay, istDayBounds } from "@/lib/time";

const DAY_MS = 86_400_000;
export const CHART_DAYS = 14;

/** The CHART_DAYS IST calendar days ending with the one `now` falls on, oldest first (YYYY-MM-DD). */
export function chartDays(now: Date): string[] {
  const today = istDayBounds(istDay(now));
  if (!today) throw new Error("istDay gave a day istDayBounds cannot read");
  // Noon of each day, so no step lands near a midnight.
  const noon = today.start.getTime() + DAY_MS / 2;
  return Array.from({ length: CHART_DAYS }, (_, i) => istDay(new Date(noon - (CHART_DAYS - 1 - i) * DAY_MS)));
}

/** The UTC instants the chart covers: the start of its first IST day to the end of its last. */
export function chartRange(days: readonly string[]): { start: Date; end: Date } {
  const first = istDayBounds(days[0] ?? "");
  const last = istDayBounds(days[days.length - 1] ?? "");
  if (!first || !last) throw new Error("chartRange needs IST days as YYYY-MM-DD");
  return { start: first.start, end: last.end };
}
