"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { StationState } from "@/lib/scan-station";
import { CameraScanner } from "./camera-scanner";
import { unlockAudio } from "./feedback-signals";
import { OUTCOME_STYLE } from "./outcome-style";
import { ParentProgress } from "./parent-progress";
import { ScanHistory } from "./scan-history";
import { useScanStation } from "./use-scan-station";

export const UNDO_KEY = "F2";

const INTERACTIVE = "a, button, input, select, textarea, label, summary, video, [contenteditable]";

/** Another text field has the user's attention (e.g. the header lookup): don't steal it. */
function otherFieldFocused(own: HTMLInputElement): boolean {
  const active = document.activeElement;
  if (!active || active === own || active === document.body) return false;
  return active.matches("input:not([type=button]):not([type=submit]):not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]");
}

/**
 * The scan station island: one always-focused input (keyboard-wedge scanners type and press
 * Enter), optional camera, big counter, feedback by colour, sound, vibration and text.
 */
export function ScanStation({ storageKey }: { storageKey: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const flashRef = useRef<HTMLDivElement>(null);
  const [camera, setCamera] = useState(false);
  const cameraRef = useRef(camera);
  useEffect(() => {
    cameraRef.current = camera;
  }, [camera]);

  const focusInput = useCallback(() => {
    const el = inputRef.current;
    if (!el || otherFieldFocused(el)) return;
    // With the camera on a touch device the on-screen keyboard would cover the preview.
    if (cameraRef.current && window.matchMedia("(pointer: coarse)").matches) return;
    el.focus({ preventScroll: true });
  }, []);

  const onResult = useCallback(
    (s: StationState) => {
      const flash = flashRef.current;
      const colour = OUTCOME_STYLE[s.feedback.state].flash;
      if (flash && typeof flash.animate === "function" && colour !== "transparent") {
        flash.animate([{ backgroundColor: colour, opacity: 0.45 }, { backgroundColor: colour, opacity: 0 }], { duration: 650, easing: "ease-out" });
      }
      focusInput();
    },
    [focusInput],
  );

  const { state, waiting, submitScan, undo } = useScanStation(storageKey, onResult);

  const runUndo = useCallback(() => {
    unlockAudio();
    undo();
    focusInput();
  }, [undo, focusInput]);

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest(INTERACTIVE)) focusInput();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== UNDO_KEY || e.repeat) return;
      e.preventDefault();
      runUndo();
    };
    document.addEventListener("click", onClick);
    window.addEventListener("focus", focusInput);
    window.addEventListener("keydown", onKey);
    focusInput();
    return () => {
      document.removeEventListener("click", onClick);
      window.removeEventListener("focus", focusInput);
      window.removeEventListener("keydown", onKey);
    };
  }, [focusInput, runUndo]);

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = inputRef.current;
    if (!el) return;
    const raw = el.value;
    el.value = "";
    if (raw.trim() === "") return;
    submitScan(raw);
  };

  const fb = state.feedback;
  const style = OUTCOME_STYLE[fb.state];
  return (
    <div className="relative">
      <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <form onSubmit={onSubmit} className="space-y-1" autoComplete="off">
            <label htmlFor="scan-input" className="block text-base font-semibold text-slate-800">
              Scan or type a bag label, then Enter
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
                  Ready.<span className="hidden sm:inline"> {UNDO_KEY} = undo last child · Esc = clear</span>
                </>
              )}
            </p>
          </form>

          <div
            data-testid="scan-feedback"
            data-state={fb.state}
            role="status"
            aria-live="assertive"
            aria-atomic="true"
            className={`rounded-xl border-2 px-4 py-3 ${style.panel}`}
          >
            <p className="text-sm font-bold uppercase tracking-wider">{style.label}</p>
            <p className="text-2xl font-bold break-words sm:text-3xl">{fb.message}</p>
          </div>

          <ParentProgress parent={state.parent} />

          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={runUndo}
              disabled={!state.parent || state.parent.childCount === 0}
              className="min-h-12 flex-1 rounded-lg border-2 border-slate-400 bg-white px-4 text-lg font-semibold hover:bg-slate-50 disabled:opacity-50 sm:flex-none"
            >
              Undo last child<span className="hidden sm:inline"> ({UNDO_KEY})</span>
            </button>
            <button
              type="button"
              aria-pressed={camera}
              onClick={() => {
                unlockAudio();
                setCamera((on) => !on);
              }}
              className="min-h-12 flex-1 rounded-lg border-2 border-brand-700 bg-white px-4 text-lg font-semibold text-brand-900 hover:bg-brand-50 sm:flex-none"
            >
              {camera ? "Stop camera" : "Use camera"}
            </button>
          </div>
          {camera && <CameraScanner onDecode={submitScan} />}
        </div>
        <ScanHistory entries={state.history} />
      </div>
    </div>
  );
}
