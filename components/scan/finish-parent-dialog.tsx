"use client";

import { useEffect, useRef, useState } from "react";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import type { StationParent } from "@/lib/dto/scan";
import { formatCount } from "@/lib/format";
import { FINISH_REASONS } from "@/lib/scan-station";
import { FINISH_REASON_MAX, FINISH_REASON_MIN } from "@/lib/schemas/scan";

/**
 * The reasons a floor gives most, kept as their English words (the stored reason) and shown in
 * the reader's language; "Other…" takes free text, stored as typed.
 */
const PRESETS = Object.keys(FINISH_REASONS) as (keyof typeof FINISH_REASONS)[];
const FIRST: string = FINISH_REASONS.shortLot;
const OTHER = "other";

interface FinishParentDialogProps {
  parent: StationParent;
  open: boolean;
  onFinish: (reason: string) => void;
  onClose: () => void;
}

/**
 * "Finish at n": seals the current parent below capacity with a reason (native modal <dialog>:
 * the station behind is inert, Esc cancels). The first reason has the focus; arrows choose.
 */
export function FinishParentDialog({ parent, open, onFinish, onClose }: FinishParentDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const t = useWords("scan");
  const locale = useWordsLocale();
  const [choice, setChoice] = useState<string>(FIRST);
  const [other, setOther] = useState("");
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      firstRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const reason = choice === OTHER ? other.trim() : choice;
  const tooShort = reason.length < FINISH_REASON_MIN;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (tooShort) return;
    onFinish(reason);
    setChoice(FIRST);
    setOther("");
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby="finish-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-xl border border-slate-300 bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
    >
      <form onSubmit={submit} className="space-y-4 p-5">
        <h2 id="finish-title" className="text-xl font-bold">
          {t("finish.title", { qr: parent.qr, count: formatCount(parent.childCount, locale), capacity: formatCount(parent.capacity, locale) })}
        </h2>
        <p className="text-slate-700">{t("finish.body", { count: formatCount(parent.childCount, locale) })}</p>
        <fieldset className="space-y-2">
          <legend className="font-semibold text-slate-800">{t("finish.reason")}</legend>
          {[...PRESETS.map((k) => ({ r: FINISH_REASONS[k], label: t(`finish.reasons.${k}`) })), { r: OTHER, label: t("finish.other") }].map(({ r, label }, i) => (
            <label key={r} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3 hover:bg-slate-50">
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                name="finish-reason"
                value={r}
                checked={choice === r}
                onChange={() => setChoice(r)}
                className="size-5"
              />
              <span className="text-lg">{label}</span>
            </label>
          ))}
        </fieldset>
        {choice === OTHER && (
          <label className="block">
            <span className="font-semibold text-slate-800">{t("finish.otherReason")}</span>
            <input
              type="text"
              value={other}
              onChange={(e) => setOther(e.target.value)}
              maxLength={FINISH_REASON_MAX}
              autoComplete="off"
              className="mt-1 min-h-11 w-full rounded-md border-2 border-slate-400 px-3 text-lg"
            />
            <span className="text-sm text-slate-600">{t("finish.length", { min: FINISH_REASON_MIN, max: FINISH_REASON_MAX })}</span>
          </label>
        )}
        <div className="flex flex-wrap justify-end gap-3 pt-2">
          <button type="button" onClick={onClose} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50">
            {t("finish.cancel")}
          </button>
          <button
            type="submit"
            disabled={tooShort}
            className="min-h-11 rounded-md bg-green-800 px-4 font-semibold text-white hover:bg-green-900 disabled:opacity-60"
          >
            {t("finish.submit", { count: formatCount(parent.childCount, locale) })}
          </button>
        </div>
      </form>
    </dialog>
  );
}
