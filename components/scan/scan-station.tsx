"use client";

import { useCallback, useEffect } from "react";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { unlockAudio } from "@/components/station/feedback-signals";
import { ScanFeedback } from "@/components/station/scan-feedback";
import { ScanHistory } from "@/components/station/scan-history";
import { ScanInput } from "@/components/station/scan-input";
import { ScannerSettings } from "@/components/station/scanner-settings";
import { useStationShell } from "@/components/station/use-station-shell";
import type { StationState } from "@/lib/scan-station";
import { ParentProgress } from "./parent-progress";
import { StationAreaPicker, useStationArea } from "./station-area-picker";
import { useScanStation } from "./use-scan-station";

export const UNDO_KEY = "F2";

/**
 * The scan station island: one always-focused input (keyboard-wedge scanners type and press
 * Enter or Tab, or nothing: see ScanInput), optional camera, big counter, feedback by colour,
 * sound, vibration and text.
 */
export function ScanStation({ storageKey, choosesArea = false }: { storageKey: string; choosesArea?: boolean }) {
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const onResult = useCallback((s: StationState) => signal(s.feedback.state), [signal]);
  const [deviceArea, setDeviceArea] = useStationArea();
  // Only staff without an area of their own send one; a dispatcher always packs for their own.
  const stationArea = choosesArea ? deviceArea : null;

  const { state, waiting, submitScan, undo } = useScanStation(storageKey, onResult, stationArea);

  const runUndo = useCallback(() => {
    unlockAudio();
    undo();
    focusInput();
  }, [undo, focusInput]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== UNDO_KEY || e.repeat) return;
      e.preventDefault();
      runUndo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runUndo]);

  return (
    <div className="relative">
      <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          {choosesArea && (
            <StationAreaPicker
              area={deviceArea}
              onChange={(area) => {
                setDeviceArea(area);
                // The select keeps the focus after a choice; give it back to the scan input.
                if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
                focusInput();
              }}
            />
          )}
          <ScanInput inputRef={inputRef} onScan={submitScan} waiting={waiting} hint={`${UNDO_KEY} = undo last child · Esc = clear`} />
          <ScanFeedback feedback={state.feedback} />
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
            <CameraToggle on={camera} onToggle={toggleCamera} />
          </div>
          {camera && <CameraScanner onDecode={submitScan} />}
          <ScannerSettings onDone={focusInput} />
        </div>
        <ScanHistory entries={state.history} />
      </div>
    </div>
  );
}
