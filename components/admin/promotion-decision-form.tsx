"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { decidePromotionAction } from "@/app/(admin)/admin/promotions/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { formatCount } from "@/lib/format";
import { DECISION_NOTE_MAX } from "@/lib/schemas/promotions";

/** Approve / Reject one pending request, with an optional note the requester reads in their mail. */
export function PromotionDecisionForm({ requestId, username }: { requestId: number; username: string }) {
  const t = useTranslations("admin.promotions");
  const locale = useLocale();
  const [state, action, pending] = useActionState(decidePromotionAction.bind(null, requestId), NO_ANSWER);
  const [note, setNote] = useState("");
  const errors = errorsOf(state);
  const noteId = `promotion-note-${requestId}`;
  const tooLong = note.trim().length > DECISION_NOTE_MAX;
  return (
    <form action={action} className="flex flex-col gap-2" noValidate>
      <label htmlFor={noteId} className="text-sm font-semibold text-slate-800">
        {t("note", { username })}
      </label>
      <textarea
        id={noteId}
        name="note"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={DECISION_NOTE_MAX + 50}
        aria-invalid={errors.note || tooLong ? true : undefined}
        aria-describedby={`${noteId}-count${errors.note ? ` ${noteId}-error` : ""}`}
        data-testid="promotion-note"
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 aria-invalid:border-red-600"
      />
      <p id={`${noteId}-count`} className={`text-xs tabular-nums ${tooLong ? "text-red-700" : "text-slate-600"}`}>
        {formatCount(note.trim().length, locale)} / {formatCount(DECISION_NOTE_MAX, locale)}
      </p>
      {errors.note && (
        <p id={`${noteId}-error`} className="text-sm text-red-700">
          {errors.note.join(" ")}
        </p>
      )}
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          name="decision"
          value="approve"
          disabled={pending}
          data-testid="promotion-approve"
          className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {t("approve")}
        </button>
        <button
          type="submit"
          name="decision"
          value="reject"
          disabled={pending}
          data-testid="promotion-reject"
          className="min-h-11 rounded-md border border-red-700 px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
        >
          {t("reject")}
        </button>
      </div>
    </form>
  );
}
