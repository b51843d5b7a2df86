import type { FeedbackState } from "@/lib/station";
import { FeedbackPanel } from "./feedback-panel";
import { OUTCOME_STYLE, type OutcomeLabels } from "./outcome-style";
import { useWords } from "./use-words";

/** The last outcome in big type, coloured and named, announced to screen readers at once. */
export function ScanFeedback({ feedback, labels }: { feedback: { state: FeedbackState; message: string }; labels?: OutcomeLabels }) {
  const t = useWords("station");
  const style = OUTCOME_STYLE[feedback.state];
  return (
    <FeedbackPanel
      testId="scan-feedback"
      data={{ "data-state": feedback.state }}
      panel={style.panel}
      label={
        <>
          {feedback.state === "queued" && <QueuedIcon />}
          {labels?.[feedback.state] ?? t(`outcome.${feedback.state}`)}
        </>
      }
      message={feedback.message}
    />
  );
}

/** An hourglass: the scan waits on this device. */
function QueuedIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 2h12M6 22h12M7 2c0 5 10 6 10 10S7 17 7 22M17 2c0 5-10 6-10 10s10 5 10 10" />
    </svg>
  );
}
