import { useEffect, useRef, type RefObject } from "react";
import { unlockAudio } from "./feedback-signals";
import { actionForKey, addKey, EMPTY_BURST, isCharacterKey, isScannerBurst } from "./scan-keys";
import { useIdleSubmitMs } from "./scanner-settings";
import { useWords, useWordsLocale } from "./use-words";
import { formatCount } from "@/lib/format";

interface ScanInputProps {
  inputRef: RefObject<HTMLInputElement | null>;
  onScan: (raw: string) => void;
  /** Jobs running or queued (useSerialQueue). */
  waiting: number;
  /** The input's label (default: station.input.label). */
  label?: string;
  /** Keyboard hints after "Ready." on wider screens (default: station.input.hint). */
  hint?: string;
}

/**
 * A station's scan input: a keyboard-wedge scanner types the label and presses Enter or Tab,
 * which submits and clears the field at once, so the next scan can follow while this one is
 * saved. A scanner that sends neither is submitted after the device's pause (scan-keys.ts).
 */
export function ScanInput({ inputRef, onScan, waiting, label, hint }: ScanInputProps) {
  const t = useWords("station");
  const locale = useWordsLocale();
  const [idleMs] = useIdleSubmitMs();
  const burstRef = useRef(EMPTY_BURST);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSubmitRef = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => () => clearTimeout(timerRef.current), []);

  const forgetBurst = () => {
    clearTimeout(timerRef.current);
    burstRef.current = EMPTY_BURST;
  };
  const submitTyped = () => {
    forgetBurst();
    const el = inputRef.current;
    if (!el) return;
    const raw = el.value;
    el.value = "";
    lastSubmitRef.current = performance.now();
    if (raw.trim() === "") return;
    onScan(raw);
  };
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    submitTyped();
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    unlockAudio();
    const now = performance.now();
    const el = e.currentTarget;
    const action = actionForKey(e.key, { empty: el.value === "", shift: e.shiftKey, msSinceSubmit: now - lastSubmitRef.current });
    if (action === "clear") {
      el.value = "";
      forgetBurst();
    } else if (action === "submit" || action === "swallow") {
      e.preventDefault();
      if (action === "submit") submitTyped();
    } else if (isCharacterKey(e.key, e.ctrlKey || e.metaKey || e.altKey)) {
      burstRef.current = addKey(burstRef.current, now);
      clearTimeout(timerRef.current);
      if (idleMs > 0) {
        // The timer restarts on every key, so when it fires the pause has lasted idleMs.
        timerRef.current = setTimeout(() => {
          if (isScannerBurst(burstRef.current) && inputRef.current?.value.trim()) submitTyped();
        }, idleMs);
      }
    }
  };

  return (
    <form onSubmit={onSubmit} className="space-y-1" autoComplete="off">
      <label htmlFor="scan-input" className="block text-base font-semibold text-slate-800">
        {label ?? t("input.label")}
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
          onKeyDown={onKeyDown}
          // Emptied by hand (Backspace, cut): the next keys start a new burst.
          onInput={(e) => {
            if (e.currentTarget.value === "") forgetBurst();
          }}
          className="min-w-0 flex-1 rounded-lg border-2 border-slate-400 bg-white px-4 py-3 font-mono text-2xl uppercase shadow-sm focus:border-brand-600"
        />
        <button type="submit" className="rounded-lg bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-900">
          {t("input.submit")}
        </button>
      </div>
      <p className="min-h-5 text-sm text-slate-600" data-testid="scan-queue">
        {waiting > 0 ? (
          waiting > 1 ? t("input.savingMany", { count: formatCount(waiting, locale) }) : t("input.saving")
        ) : (
          <>
            {t("input.ready")}
            <span className="hidden sm:inline"> {hint ?? t("input.hint")}</span>
          </>
        )}
      </p>
    </form>
  );
}
