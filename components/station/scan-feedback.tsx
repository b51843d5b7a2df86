import type { FeedbackState } from "@/lib/station";
import { OUTCOME_STYLE, type OutcomeLabels } from "./outcome-style";

/** The last outcome in big type, coloured and named, announced to screen readers at once. */
export function ScanFeedback({ feedback, labels }: { feedback: { state: FeedbackState; message: string }; labels?: OutcomeLabels }) {
  const style = OUTCOME_STYLE[feedback.state];
  return (
    <div
      data-testid="scan-feedback"
      data-state={feedback.state}
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      className={`rounded-xl border-2 px-4 py-3 ${style.panel}`}
    >
      <p className="text-sm font-bold uppercase tracking-wider">{labels?.[feedback.state] ?? style.label}</p>
      <p className="text-2xl font-bold break-words sm:text-3xl">{feedback.message}</p>
    </div>
  );
}
