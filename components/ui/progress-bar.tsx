/** `value` of `max` as a whole percent, 0–100 (0 when max is 0). */
export function percentOf(value: number, max: number): number {
  return max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
}

/**
 * How full something is (a parent's children, a bill's parents): green once full. `size`
 * "large" is the station's bar, readable from across a table; "small" sits in a table row.
 */
export function ProgressBar({ value, max, label, size = "large" }: { value: number; max: number; label: string; size?: "large" | "small" }) {
  const full = value >= max;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      className={`${size === "large" ? "mt-3 h-5" : "mt-1 h-2.5"} overflow-hidden rounded-full bg-slate-200`}
    >
      <div
        className={`h-full rounded-full ${size === "large" ? "transition-[width] " : ""}${full ? "bg-green-700" : "bg-brand-600"}`}
        style={{ width: `${percentOf(value, max)}%` }}
      />
    </div>
  );
}
