"use client";

import { useEffect, useRef, useState } from "react";
import type { StationParent } from "@/lib/dto/scan";
import { FINISH_REASON_MAX, FINISH_REASON_MIN } from "@/lib/schemas/scan";

/** The reasons a floor gives most; "Other…" takes free text. */
export const FINISH_REASONS = ["Short lot", "End of shift", "Damaged labels"] as const;
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
  const [choice, setChoice] = useState<string>(FINISH_REASONS[0]);
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
    setChoice(FINISH_REASONS[0]);
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
          Finish {parent.qr} at {parent.childCount} of {parent.capacity}?
        </h2>
        <p className="text-slate-700">
          The parent is closed with {parent.childCount} children and leaves the packing lists. It can be reopened (by you within the
          hour, or by an admin).
        </p>
        <fieldset className="space-y-2">
          <legend className="font-semibold text-slate-800">Reason</legend>
          {[...FINISH_REASONS, OTHER].map((r, i) => (
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
              <span className="text-lg">{r === OTHER ? "Other…" : r}</span>
            </label>
          ))}
        </fieldset>
        {choice === OTHER && (
          <label className="block">
            <span className="font-semibold text-slate-800">Other reason</span>
            <input
              type="text"
              value={other}
              onChange={(e) => setOther(e.target.value)}
              maxLength={FINISH_REASON_MAX}
              autoComplete="off"
              className="mt-1 min-h-11 w-full rounded-md border-2 border-slate-400 px-3 text-lg"
            />
            <span className="text-sm text-slate-600">
              {FINISH_REASON_MIN}–{FINISH_REASON_MAX} characters.
            </span>
          </label>
        )}
        <div className="flex flex-wrap justify-end gap-3 pt-2">
          <button type="button" onClick={onClose} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50">
            Cancel
          </button>
          <button
            type="submit"
            disabled={tooShort}
            className="min-h-11 rounded-md bg-green-800 px-4 font-semibold text-white hover:bg-green-900 disabled:opacity-60"
          >
            Finish at {parent.childCount}
          </button>
        </div>
      </form>
    </dialog>
  );
}
