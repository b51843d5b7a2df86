import { useCallback, useEffect, useRef, useState } from "react";
import type { DispatchArea } from "@/lib/domain";
import { scanChildAction, scanParentAction } from "@/app/(app)/scan/actions";
import { INITIAL_STATION_STATE, reduceStation, routeScan, type StationEvent, type StationState } from "@/lib/scan-station";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { isChangeJob, runChangeJob, type ChangeJob } from "./station-changes";
import { afterResume, useStationMemory, withRememberedHistory } from "@/components/station/station-memory";

type Job = { kind: "scan"; raw: string; restore?: boolean } | ChangeJob;

const OFFLINE_MESSAGE = "Could not reach the server. Nothing was saved — scan it again.";

/**
 * The scan loop: every scan and undo goes into one in-order queue (useSerialQueue). The current
 * parent is read when a job runs (a parent queued just before it counts); it and the last-10 list
 * are remembered per user in this tab (station-memory.ts), so a sign-in again resumes the station.
 * `stationArea` (staff without an area of their own) goes with every parent scan.
 */
export function useScanStation(storageKey: string, onResult: (state: StationState) => void, stationArea: DispatchArea | null = null) {
  const [state, setState] = useState<StationState>(INITIAL_STATION_STATE);
  const stateRef = useRef(state);
  const onResultRef = useRef(onResult);
  const areaRef = useRef(stationArea);
  const memory = useStationMemory(storageKey);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);
  useEffect(() => {
    areaRef.current = stationArea;
  }, [stationArea]);

  // The state is read by jobs when they run (stateRef) and drawn by React (setState): set both at once.
  const show = useCallback((next: StationState) => {
    stateRef.current = next;
    setState(next);
  }, []);

  const apply = useCallback((event: StationEvent, quiet = false) => {
    const reduced = reduceStation(stateRef.current, event);
    const next = event.kind === "parent" && event.quiet ? afterResume(stateRef.current, reduced) : reduced;
    show(next);
    if (next.feedback.state !== "idle" && !quiet) signalOutcome(next.feedback.state);
    onResultRef.current(next);
  }, [show]);

  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      const at = () => Date.now();
      if (isChangeJob(job)) return runChangeJob(job, stateRef.current, apply);
      const route = routeScan(job.raw, stateRef.current.parent?.qr ?? null);
      if (route.kind === "local_error") {
        apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
        return;
      }
      try {
        if (route.kind === "parent") {
          const outcome = await scanParentAction(route.qr, areaRef.current ?? undefined);
          if (job.restore && !outcome.ok) memory.forgetParent();
          apply({ kind: "parent", qr: route.qr, outcome, at: at(), quiet: job.restore }, job.restore);
        } else {
          apply({ kind: "child", qr: route.qr, outcome: await scanChildAction(route.parentQr, route.qr), at: at() });
        }
      } catch {
        apply({ kind: "local_error", qr: route.qr, message: `${route.qr}: ${OFFLINE_MESSAGE}`, at: at() });
      }
    },
    [apply, memory],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);

  // Armed "Remove a child" takes the next scan only (decided when it is scanned, not when it runs).
  const setRemoveArmed = useCallback((armed: boolean) => {
    show(reduceStation(stateRef.current, { kind: "arm_remove", armed, at: Date.now() }));
  }, [show]);
  const submitScan = useCallback(
    (raw: string) => {
      if (!stateRef.current.removeArmed) return enqueue({ kind: "scan", raw });
      setRemoveArmed(false);
      enqueue({ kind: "remove", raw });
    },
    [enqueue, setRemoveArmed],
  );
  const undo = useCallback(() => enqueue({ kind: "undo" }), [enqueue]);
  const removeChild = useCallback((childQr: string) => enqueue({ kind: "remove", raw: childQr }), [enqueue]);
  const finish = useCallback((reason: string) => enqueue({ kind: "finish", reason }), [enqueue]);
  const reopen = useCallback(() => enqueue({ kind: "reopen" }), [enqueue]);

  // Resume the station after a reload or a sign-in again: the last-10 list as it was, and the
  // parent re-checked by the server like a fresh scan.
  const restoredRef = useRef(false);
  useEffect(() => {
    if (restoredRef.current) return;
    restoredRef.current = true;
    const saved = memory.load();
    if (!saved) return;
    show(withRememberedHistory(stateRef.current, saved.history));
    if (saved.parentQr) enqueue({ kind: "scan", raw: saved.parentQr, restore: true });
  }, [enqueue, memory, show]);

  const parentQr = state.parent?.qr ?? null;
  const { history } = state;
  useEffect(() => memory.save(parentQr, history), [memory, parentQr, history]);

  return { state, waiting, submitScan, undo, setRemoveArmed, removeChild, finish, reopen };
}
