import { useTranslations } from "next-intl";
import { FeedbackPanel } from "@/components/station/feedback-panel";
import { CHECK_KIND_STYLE } from "./load-check-format";
import type { CheckFeedback, CheckFeedbackKind } from "./load-check-state";

const STYLE: Record<CheckFeedbackKind, { icon: string; panel: string }> = {
  idle: { icon: "›", panel: "border-slate-300 bg-white text-slate-800" },
  matched: { icon: CHECK_KIND_STYLE.matched.icon, panel: "border-green-600 bg-green-50 text-green-950" },
  complete: { icon: "✓", panel: "border-green-800 bg-green-700 text-white" },
  extra: { icon: CHECK_KIND_STYLE.extra.icon, panel: "border-red-600 bg-red-50 text-red-950" },
  other_bill: { icon: CHECK_KIND_STYLE.other_bill.icon, panel: "border-violet-600 bg-violet-50 text-violet-950" },
  duplicate: { icon: "↻", panel: "border-amber-500 bg-amber-50 text-amber-950" },
  refused: { icon: "✕", panel: "border-red-600 bg-white text-red-950" },
  error: { icon: "!", panel: "border-red-600 bg-red-50 text-red-950" },
};

/** The last scan's answer in big type, with a word and an icon as well as a colour, read out at once. */
export function LoadCheckFeedback({ feedback }: { feedback: CheckFeedback }) {
  const t = useTranslations("loadCheck.feedback");
  const style = STYLE[feedback.kind];
  return (
    <FeedbackPanel
      testId="check-feedback"
      data={{ "data-kind": feedback.kind }}
      panel={style.panel}
      label={
        <>
          <span aria-hidden="true">{style.icon}</span>
          {t(feedback.kind)}
        </>
      }
      message={feedback.message}
    />
  );
}
