import type { RefObject } from "react";
import { unlockAudio } from "./feedback-signals";

interface ScanInputProps {
  inputRef: RefObject<HTMLInputElement | null>;
  onScan: (raw: string) => void;
  /** Jobs running or queued (useSerialQueue). */
  waiting: number;
  label?: string;
  /** Keyboard hints after "Ready." on wider screens. */
  hint?: string;
}

/**
 * A station's scan input: a keyboard-wedge scanner types the label and presses Enter, which
 * submits and clears the field at once, so the next scan can follow while this one is saved.
 */
export function ScanInput({ inputRef, onScan, waiting, label = "Scan or type a bag label, then Enter", hint = "Esc = clear" }: ScanInputProps) {
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = inputRef.current;
    if (!el) return;
    const raw = el.value;
    el.value = "";
    if (raw.trim() === "") return;
    onScan(raw);
  };

  return (
    <form onSubmit={onSubmit} className="space-y-1" autoComplete="off">
      <label htmlFor="scan-input" className="block text-base font-semibold text-slate-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id="scan-input"
          ref={inputRef}
          name="qr"
          type="text"
          autoFocus
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          maxLength={256}
          onKeyDown={(e) => {
            unlockAudio();
            if (e.key === "Escape") e.currentTarget.value = "";
          }}
          className="min-w-0 flex-1 rounded-lg border-2 border-slate-400 bg-white px-4 py-3 font-mono text-2xl uppercase shadow-sm focus:border-brand-600"
        />
        <button type="submit" className="rounded-lg bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-900">
          Enter
        </button>
      </div>
      <p className="min-h-5 text-sm text-slate-600" data-testid="scan-queue">
        {waiting > 0 ? (
          waiting > 1 ? `Saving… ${waiting} scans in line` : "Saving…"
        ) : (
          <>
            Ready.<span className="hidden sm:inline"> {hint}</span>
          </>
        )}
      </p>
    </form>
  );
}
