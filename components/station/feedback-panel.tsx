import type { ReactNode } from "react";

/**
 * A station's last answer in big type: its colours (`panel`), a named label (with an icon, never
 * colour alone) and the message, announced to screen readers at once. The scan, bill and return
 * stations (ScanFeedback) and the load check share it.
 */
export function FeedbackPanel({
  testId,
  data,
  panel,
  label,
  message,
}: {
  testId: string;
  /** The answer's kind as data attributes for tests (`data-state`, `data-kind`). */
  data: Record<`data-${string}`, string>;
  panel: string;
  label: ReactNode;
  message: string;
}) {
  return (
    <div data-testid={testId} {...data} role="status" aria-live="assertive" aria-atomic="true" className={`rounded-xl border-2 px-4 py-3 ${panel}`}>
      <p className="flex items-center gap-2 text-sm font-bold uppercase tracking-wider">{label}</p>
      <p className="text-2xl font-bold break-words sm:text-3xl">{message}</p>
    </div>
  );
}
