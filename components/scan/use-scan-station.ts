import { useCallback, useEffect, useRef, useState } from "react";
import type { DispatchArea } from "@/lib/domain";
import { scanChildAction, scanParentAction, undoLastScanAction } from "@/app/(app)/scan/actions";
import { INITIAL_STATION_STATE, reduceStation, routeScan, type StationEvent, type StationState } from "@/lib/scan-station";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";

type Job = { kind: "scan"; raw: string; restore?: boolean } | { kind: "undo" };

const OFFLINE_MESSAGE = "Could not reach the server. Nothing was saved — scan it again.";

/**
 * The scan loop: every scan and undo goes into one in-order queue (useSerialQueue). The current
 * parent is read when a job runs (a parent queued just before it counts) and kept in sessionStorage.
 * `stationArea` (staff without an area of their own) goes with every parent scan.
 */
export function useScanStation(storageKey: string, onResult: (state: StationState) => void, stationArea: DispatchArea | null = null) {
  const [state, setState] = useState<StationState>(INITIAL_STATION_STATE);
  const stateRef = useRef(state);
  const onResultRef = useRef(onResult);
  const areaRef = useRef(stationArea);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);
  useEffect(() => {
    areaRef.current = stationArea;
  }, [stationArea]);

  const apply = useCallback((event: StationEvent, quiet = false) => {
    const next = reduceStation(stateRef.current, event);
    stateRef.current = next;
    setState(next);
    if (next.feedback.state !== "idle" && !quiet) signalOutcome(next.feedback.state);
    onResultRef.current(next);
  }, []);

  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      const at = () => Date.now();
      if (job.kind === "undo") {
        const parentQr = stateRef.current.parent?.qr;
        if (!parentQr) {
          apply({ kind: "local_error", qr: "", message: "Nothing to undo: scan a parent bag first.", at: at() });
          return;
        }
        try {
          apply({ kind: "undo", outcome: await undoLastScanAction(parentQr), at: at() });
        } catch {
          apply({ kind: "local_error", qr: parentQr, message: "Could not reach the server. The undo was not done — try again.", at: at() });
        }
        return;
      }
      const route = routeScan(job.raw, stateRef.current.parent?.qr ?? null);
      if (route.kind === "local_error") {
        apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
        return;
      }
      try {
        if (route.kind === "parent") {
          const outcome = await scanParentAction(route.qr, areaRef.current ?? undefined);
          if (job.restore && !outcome.ok) sessionStorage.removeItem(storageKey);
          apply({ kind: "parent", qr: route.qr, outcome, at: at(), quiet: job.restore }, job.restore);
        } else {
          apply({ kind: "child", qr: route.qr, outcome: await scanChildAction(route.parentQr, route.qr), at: at() });
        }
      } catch {
        apply({ kind: "local_error", qr: route.qr, message: `${route.qr}: ${OFFLINE_MESSAGE}`, at: at() });
      }
    },
    [apply, storageKey],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);

  const submitScan = useCallback((raw: string) => enqueue({ kind: "scan", raw }), [enqueue]);
  const undo = useCallback(() => enqueue({ kind: "undo" }), [enqueue]);

  // Resume the tab's parent after a reload, re-checked by the server like a fresh scan.
  const restoredRef = useRef(false);
  useEffect(() => {
    if (restoredRef.current) return;
    restoredRef.current = true;
    const saved = sessionStorage.getItem(storageKey);
    if (saved) enqueue({ kind: "scan", raw: saved, restore: true });
  }, [enqueue, storageKey]);

  const parentQr = state.parent?.qr;
  useEffect(() => {
    if (parentQr) sessionStorage.setItem(storageKey, parentQr);
  }, [parentQr, storageKey]);

  return { state, waiting, submitScan, undo };
}
