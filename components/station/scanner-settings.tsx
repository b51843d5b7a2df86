"use client";

import { DEFAULT_IDLE_SUBMIT_MS, IDLE_SUBMIT_CHOICES, parseIdleSubmitMs, type IdleSubmitMs } from "./scan-keys";
import { useDeviceSetting } from "./device-setting";
import { useWords } from "./use-words";

const IDLE_SUBMIT_KEY = "tracetrack:station:idle-submit-ms";

/** This device's pause that ends a scan sent without Enter or Tab (0: off). */
export function useIdleSubmitMs(): [IdleSubmitMs, (ms: IdleSubmitMs) => void] {
  const [stored, store] = useDeviceSetting(IDLE_SUBMIT_KEY);
  return [parseIdleSubmitMs(stored), (ms) => store(String(ms))];
}


/**
 * The station's scanner setting: a scanner that sends no Enter or Tab has its scan submitted
 * after this pause (only for keys at scanner speed, so a person typing is never cut short).
 */
export function ScannerSettings({ onDone }: { onDone?: () => void }) {
  const [idleMs, setIdleMs] = useIdleSubmitMs();
  const t = useWords("station");
  const choiceLabel = (ms: IdleSubmitMs) => (ms === 0 ? t("scanner.off") : t(ms === DEFAULT_IDLE_SUBMIT_MS ? "scanner.msDefault" : "scanner.ms", { ms }));
  return (
    <details className="text-sm text-slate-700">
      <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold">{t("scanner.title")}</summary>
      <label className="mt-1 flex flex-wrap items-center gap-2">
        <span>{t("scanner.pause")}</span>
        <select
          value={idleMs}
          onChange={(e) => {
            setIdleMs(parseIdleSubmitMs(e.target.value));
            e.currentTarget.blur();
            onDone?.();
          }}
          className="min-h-11 rounded-lg border-2 border-slate-400 bg-white px-2"
        >
          {IDLE_SUBMIT_CHOICES.map((ms) => (
            <option key={ms} value={ms}>
              {choiceLabel(ms)}
            </option>
          ))}
        </select>
      </label>
    </details>
  );
}
