import type { FeedbackState } from "@/lib/station";

// Each outcome also has a word (station.outcome.<state>), so it does not depend on colour vision.
interface OutcomeStyle {
  panel: string;
  badge: string;
  flash: string;
}

export const OUTCOME_STYLE: Record<FeedbackState, OutcomeStyle> = {
  idle: { panel: "border-slate-300 bg-white text-slate-800", badge: "bg-slate-100 text-slate-700", flash: "transparent" },
  ok: { panel: "border-green-600 bg-green-50 text-green-950", badge: "bg-green-100 text-green-900", flash: "#16a34a" },
  duplicate: {
    panel: "border-amber-500 bg-amber-50 text-amber-950",
    badge: "bg-amber-100 text-amber-900",
    flash: "#f59e0b",
  },
  error: { panel: "border-red-600 bg-red-50 text-red-950", badge: "bg-red-100 text-red-900", flash: "#dc2626" },
  complete: { panel: "border-green-800 bg-green-700 text-white", badge: "bg-green-700 text-white", flash: "#15803d" },
  undone: { panel: "border-sky-600 bg-sky-50 text-sky-950", badge: "bg-sky-100 text-sky-900", flash: "#0284c7" },
  // Dashed and violet, with its own words: a provisional answer never looks like the server's.
  queued: {
    panel: "border-dashed border-violet-700 bg-violet-50 text-violet-950",
    badge: "bg-violet-100 text-violet-900",
    flash: "#6d28d9",
  },
};

/** A station's own words for outcomes (the bill station says "Already on bill", not "Already packed"). */
export type OutcomeLabels = Partial<Record<FeedbackState, string>>;

/** A short full-screen colour flash for an outcome, seen from the corner of the eye. */
export function flashOutcome(el: HTMLElement | null, state: FeedbackState): void {
  const colour = OUTCOME_STYLE[state].flash;
  if (!el || typeof el.animate !== "function" || colour === "transparent") return;
  el.animate([{ backgroundColor: colour, opacity: 0.45 }, { backgroundColor: colour, opacity: 0 }], { duration: 650, easing: "ease-out" });
}
