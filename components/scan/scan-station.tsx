"use client";

import { useCallback, useEffect, useState } from "react";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { ConflictList } from "@/components/offline/conflict-list";
import { OfflineBanner } from "@/components/offline/offline-banner";
import { useServiceWorker } from "@/components/offline/use-service-worker";
import { unlockAudio } from "@/components/station/feedback-signals";
import { ScanFeedback } from "@/components/station/scan-feedback";
import { ScanHistory } from "@/components/station/scan-history";
import { ScanInput } from "@/components/station/scan-input";
import { ScannerSettings } from "@/components/station/scanner-settings";
import { useStationShell } from "@/components/station/use-station-shell";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import { formatCount } from "@/lib/format";
import { queuedChildrenOf } from "@/lib/offline/queue";
import { REMOVE_KEY, type StationState } from "@/lib/scan-station";
import { FinishParentDialog } from "./finish-parent-dialog";
import { ParentChildrenPanel } from "./parent-children-panel";
import { ParentProgress } from "./parent-progress";
import { StationAreaPicker, useStationArea } from "./station-area-picker";
import { useScanStation } from "./use-scan-station";

export const UNDO_KEY = "F2";
export { REMOVE_KEY };
/** The key that cancels an armed removal (a key's name, not a word). */
const CANCEL_KEY = "Esc";

const BUTTON = "min-h-12 flex-1 rounded-lg border-2 px-4 text-lg font-semibold disabled:opacity-50 sm:flex-none";

/** A modal (confirm, finish) is open: the station's keys wait until it closes. */
const modalOpen = () => document.querySelector("dialog[open]") !== null;

/**
 * The scan station island: one always-focused input (keyboard-wedge scanners type and press
 * Enter or Tab, or nothing: see ScanInput), optional camera, big counter, feedback by colour,
 * sound, vibration and text. F2 undoes the last child; F4 arms "Remove a child" for the next scan.
 * Without a network it keeps scanning into the offline queue of `userId` (see useScanStation).
 */
export function ScanStation({
  storageKey,
  userId,
  username,
  choosesArea = false,
}: {
  storageKey: string;
  userId: string;
  username: string;
  choosesArea?: boolean;
}) {
  useServiceWorker();
  const t = useWords("scan");
  const locale = useWordsLocale();
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const onResult = useCallback((s: StationState) => signal(s.feedback.state), [signal]);
  const [deviceArea, setDeviceArea] = useStationArea();
  // Only staff without an area of their own send one; a dispatcher always packs for their own.
  const stationArea = choosesArea ? deviceArea : null;
  // The finish dialog stays open only until the station's next outcome (a queued scan may change the parent).
  const [finishOpenedAt, setFinishOpenedAt] = useState<number | null>(null);

  const { state, waiting, submitScan, undo, setRemoveArmed, removeChild, finish, reopen, offline } = useScanStation(storageKey, userId, onResult, stationArea);
  const { parent, removeArmed } = state;
  const parentWaiting = parent ? queuedChildrenOf(offline.items, parent.qr).length : 0;

  const runUndo = useCallback(() => {
    unlockAudio();
    undo();
    focusInput();
  }, [undo, focusInput]);
  const toggleRemove = useCallback(() => {
    unlockAudio();
    setRemoveArmed(!removeArmed);
    focusInput();
  }, [removeArmed, setRemoveArmed, focusInput]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || modalOpen()) return;
      if (e.key === UNDO_KEY) {
        e.preventDefault();
        runUndo();
      } else if (e.key === REMOVE_KEY) {
        e.preventDefault();
        toggleRemove();
      } else if (e.key === "Escape" && removeArmed) {
        // The scan input clears itself on Esc too; here Esc also cancels the armed removal.
        setRemoveArmed(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runUndo, toggleRemove, removeArmed, setRemoveArmed]);

  // Finishing acts on the server's count: not while the parent or its children wait to be sent.
  const confirmed = !state.parentProvisional && parentWaiting === 0;
  const canFinish = confirmed && parent !== null && parent.finished === null && parent.status === "in_progress" && parent.childCount < parent.capacity;
  const hint = removeArmed ? t("station.hintArmed") : t("station.hint", { undoKey: UNDO_KEY, removeKey: REMOVE_KEY });

  return (
    <div className="relative">
      <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <OfflineBanner status={offline.status} username={username} onSendNow={offline.sendNow} />
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
          <div
            data-remove-armed={removeArmed || undefined}
            className={removeArmed ? "space-y-3 rounded-xl border-4 border-dashed border-red-700 bg-red-50 p-3" : undefined}
          >
            {removeArmed && parent && (
              <p data-testid="remove-armed" role="status" className="text-xl font-bold text-red-900">
                {t("station.removeMode", { parent: parent.qr })}
              </p>
            )}
            <ScanInput inputRef={inputRef} onScan={submitScan} waiting={waiting} hint={hint} />
          </div>
          <ScanFeedback feedback={state.feedback} />
          <ParentProgress
            parent={parent}
            onReopen={parent?.finished ? () => reopen() : undefined}
            waiting={parentWaiting}
            provisional={state.parentProvisional === true}
          />
          <ConflictList conflicts={offline.conflicts} onClear={(id) => void offline.clearConflict(id)} onClearAll={() => void offline.clearAllConflicts()} />

          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={runUndo}
              disabled={!parent || parent.childCount === 0}
              className={`${BUTTON} border-slate-400 bg-white hover:bg-slate-50`}
            >
              {t("station.undo")}
              <span className="hidden sm:inline"> ({UNDO_KEY})</span>
            </button>
            <button
              type="button"
              onClick={toggleRemove}
              disabled={!parent || (parent.childCount === 0 && !removeArmed)}
              aria-pressed={removeArmed}
              className={`${BUTTON} ${removeArmed ? "border-red-800 bg-red-700 text-white" : "border-red-700 bg-white text-red-800 hover:bg-red-50"}`}
            >
              {t(removeArmed ? "station.cancelRemoval" : "station.removeChild")}
              <span className="hidden sm:inline"> ({removeArmed ? CANCEL_KEY : REMOVE_KEY})</span>
            </button>
            {canFinish && (
              <button type="button" onClick={() => setFinishOpenedAt(state.feedback.seq)} className={`${BUTTON} border-green-800 bg-white text-green-900 hover:bg-green-50`}>
                {t("station.finishAt", { count: formatCount(parent.childCount, locale) })}
              </button>
            )}
            <CameraToggle on={camera} onToggle={toggleCamera} />
          </div>
          {camera && <CameraScanner onDecode={submitScan} />}
          {parent && <ParentChildrenPanel parent={parent} seq={state.feedback.seq} onRemove={removeChild} />}
          <ScannerSettings onDone={focusInput} />
        </div>
        <ScanHistory entries={state.history} />
      </div>
      {parent && canFinish && (
        <FinishParentDialog
          parent={parent}
          open={finishOpenedAt === state.feedback.seq}
          onClose={() => {
            setFinishOpenedAt(null);
            focusInput();
          }}
          onFinish={(reason) => {
            setFinishOpenedAt(null);
            finish(reason);
            focusInput();
          }}
        />
      )}
    </div>
  );
}
