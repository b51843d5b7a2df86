import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DispatchArea } from "@/lib/domain";
import type { StationParent } from "@/lib/dto/scan";
import { scanChildAction, scanParentAction } from "@/app/(app)/scan/actions";
import { initialStationState, reduceStation, routeScan, type ScanRoute, type StationEvent, type StationState } from "@/lib/scan-station";
import type { Words } from "@/lib/station";
import { asChildScanResult, asParentScanResult, browserOnline, isNetworkFailure } from "@/lib/offline/answers";
import { newIdempotencyKey } from "@/lib/offline/keys";
import { planQueuedChild, planQueuedParent } from "@/lib/offline/plan";
import { needsNetworkMessage, notKeptMessage } from "@/lib/offline/provisional";
import type { ConflictEntry, QueuedScan } from "@/lib/offline/queue";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { useOfflineQueue } from "@/components/offline/use-offline-queue";
import { runChangeJob, type ChangeJob } from "./station-changes";
import { afterResume, useStationMemory, withRememberedHistory } from "@/components/station/station-memory";
import { useWords } from "@/components/station/use-words";

/** A scan carries its idempotency key from the moment it is made: every attempt sends the same one. */
type ScanJob = { kind: "scan"; raw: string; key: string; restore?: boolean };
type Job = ScanJob | ChangeJob;


/**
 * The scan loop: every scan and undo goes into one in-order queue (useSerialQueue). The current
 * parent is read when a job runs (a parent queued just before it counts); it and the last-10 list
 * are remembered per user in this tab (station-memory.ts), so a sign-in again resumes the station.
 * `stationArea` (staff without an area of their own) goes with every parent scan. Without a
 * network, scans wait in the offline queue (use-offline-queue.ts) with a provisional answer, and
 * the server's later answers come back into the station like any other. Everything it says is
 * worded in the reader's language when it is said (the history keeps what was said then).
 */
export function useScanStation(storageKey: string, userId: string, onResult: (state: StationState) => void, stationArea: DispatchArea | null = null) {
  const words = useWords();
  const wordsRef = useRef<Words>(words);
  useEffect(() => {
    wordsRef.current = words;
  }, [words]);
  const [state, setState] = useState<StationState>(() => initialStationState(words));
  const stateRef = useRef(state);
  const onResultRef = useRef(onResult);
  const areaRef = useRef(stationArea);
  const memory = useStationMemory(storageKey);
  // The server's last word on each parent seen here: the base of an offline count.
  const knownRef = useRef(new Map<string, StationParent>());
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
    const reduced = reduceStation(stateRef.current, event, wordsRef.current);
    const resumed = (event.kind === "parent" || event.kind === "queued") && event.quiet;
    const next = resumed ? afterResume(stateRef.current, reduced) : reduced;
    if (next.parent && !next.parentProvisional) knownRef.current.set(next.parent.qr, next.parent);
    show(next);
    if (next.feedback.state !== "idle" && !quiet) signalOutcome(next.feedback.state);
    onResultRef.current(next);
  }, [show]);

  // Answers to scans sent later: the counts of the parent they name, and the station's history.
  const onSent = useCallback(
    (scan: QueuedScan, body: Record<string, unknown>) => {
      const at = Date.now();
      if (scan.kind === "parent") {
        const result = asParentScanResult(body);
        if (!result) return;
        knownRef.current.set(result.parent.qr, { ...result.parent, finished: result.parent.finished ?? null });
        apply({ kind: "replayed", scan: "parent", qr: scan.qr, result, at }, true);
      } else if (scan.kind === "child") {
        const result = asChildScanResult(body);
        if (!result) return;
        const known = knownRef.current.get(result.parentQr);
        if (known) knownRef.current.set(result.parentQr, { ...known, childCount: result.childCount, capacity: result.capacity, status: result.parentStatus });
        apply({ kind: "replayed", scan: "child", qr: scan.qr, result, at }, true);
      }
    },
    [apply],
  );
  const onRefused = useCallback(
    (c: ConflictEntry) => {
      if (c.kind === "bill_parent") return;
      apply({ kind: "refused", scan: c.kind, qr: c.qr, message: c.message, advice: c.advice, at: Date.now() });
    },
    [apply],
  );
  const offline = useOfflineQueue(userId, useMemo(() => ({ onSent, onRefused }), [onSent, onRefused]));
  const { queue: queueScan, mustQueue, waitingNow, noteUnreachable } = offline;

  /** The scan goes into the offline queue with its key; the station answers provisionally. */
  const queueRoute = useCallback(
    async (job: ScanJob, route: Exclude<ScanRoute, { kind: "local_error" }>) => {
      const at = Date.now();
      const t = wordsRef.current;
      if (route.kind === "parent") {
        const plan = planQueuedParent(route.qr, knownRef.current.get(route.qr), waitingNow(), { resumed: job.restore }, t);
        // A resumed parent is not a scan: nothing to send for it.
        if (!job.restore && !(await queueScan({ key: job.key, kind: "parent", qr: route.qr, ...(areaRef.current ? { area: areaRef.current } : {}) }))) {
          apply({ kind: "local_error", qr: route.qr, message: notKeptMessage(route.qr, t), at });
          return;
        }
        apply({ kind: "queued", qr: route.qr, message: plan.message, at, parent: plan.parent, quiet: job.restore }, job.restore);
        return;
      }
      const parent = stateRef.current.parent;
      if (!parent) return;
      const plan = planQueuedChild(route.qr, parent, knownRef.current.get(parent.qr), waitingNow(), t);
      if (plan.queue && !(await queueScan({ key: job.key, kind: "child", qr: route.qr, parentQr: route.parentQr }))) {
        apply({ kind: "local_error", qr: route.qr, message: notKeptMessage(route.qr, t), at });
        return;
      }
      apply({ kind: "queued", qr: route.qr, message: plan.message, at });
      if (plan.warning) signalOutcome("error");
    },
    [apply, queueScan, waitingNow],
  );

  const runScan = useCallback(
    async (job: ScanJob): Promise<void> => {
      const at = () => Date.now();
      const route = routeScan(job.raw, stateRef.current.parent?.qr ?? null, wordsRef.current);
      if (route.kind === "local_error") {
        apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
        return;
      }
      // Behind waiting scans (their order is the floor's order), or known offline: queue it.
      // A resume is a re-check, not a scan: it asks the server whenever the browser is online.
      if (job.restore ? !browserOnline() : mustQueue()) return queueRoute(job, route);
      try {
        if (route.kind === "parent") {
          const outcome = await scanParentAction(route.qr, areaRef.current ?? undefined, job.key);
          if (job.restore && !outcome.ok) memory.forgetParent();
          apply({ kind: "parent", qr: route.qr, outcome, at: at(), quiet: job.restore }, job.restore);
        } else {
          apply({ kind: "child", qr: route.qr, outcome: await scanChildAction(route.parentQr, route.qr, job.key), at: at() });
        }
      } catch (err) {
        if (!isNetworkFailure(err, browserOnline())) {
          apply({ kind: "local_error", qr: route.qr, message: wordsRef.current("scan.changes.scanUnreachable", { qr: route.qr }), at: at() });
          return;
        }
        // It may even have landed: the same key makes sending it again safe.
        if (!job.restore) noteUnreachable();
        await queueRoute(job, route);
      }
    },
    [apply, memory, mustQueue, noteUnreachable, queueRoute],
  );

  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      if (job.kind === "scan") return runScan(job);
      // Undo, remove, finish and reopen act on the server's state now: not behind waiting scans.
      const t = wordsRef.current;
      if (mustQueue()) {
        apply({ kind: "local_error", qr: stateRef.current.parent?.qr ?? "", message: needsNetworkMessage(t(`scan.changes.${job.kind}`), waitingNow().length, t), at: Date.now() });
        return;
      }
      return runChangeJob(job, stateRef.current, apply, t);
    },
    [apply, mustQueue, runScan, waitingNow],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);

  // Armed "Remove a child" takes the next scan only (decided when it is scanned, not when it runs).
  const setRemoveArmed = useCallback((armed: boolean) => {
    show(reduceStation(stateRef.current, { kind: "arm_remove", armed, at: Date.now() }, wordsRef.current));
  }, [show]);
  const submitScan = useCallback(
    (raw: string) => {
      if (!stateRef.current.removeArmed) return enqueue({ kind: "scan", raw, key: newIdempotencyKey() });
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
    if (saved.parentQr) enqueue({ kind: "scan", raw: saved.parentQr, key: newIdempotencyKey(), restore: true });
  }, [enqueue, memory, show]);

  const parentQr = state.parent?.qr ?? null;
  const { history } = state;
  useEffect(() => memory.save(parentQr, history), [memory, parentQr, history]);

  return { state, waiting, submitScan, undo, setRemoveArmed, removeChild, finish, reopen, offline };
}
