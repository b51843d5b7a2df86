import { useCallback, useEffect, useRef, useState } from "react";
import { addParentAction, completeBillAction, removeParentAction, reopenBillAction } from "@/app/(app)/bills/[billNumber]/actions";
import {
  describeBillEvent,
  initialBillStation,
  reduceBillStation,
  routeBillScan,
  type BillStationEvent,
} from "@/lib/bill-station";
import type { BillSnapshot } from "@/lib/dto/bills";
import type { FeedbackState } from "@/lib/station";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { billStationKey, useStationMemory, withRememberedHistory } from "@/components/station/station-memory";

type Job = { kind: "add"; raw: string } | { kind: "remove"; qr: string } | { kind: "complete" } | { kind: "reopen" };

const OFFLINE = "Could not reach the server. Nothing was saved — try again.";

/**
 * The bill station's loop: scans, removals, complete and reopen all run through one in-order
 * queue, so a change clicked between two scans lands between them. When the server renders
 * the page again (after an edit) its snapshot replaces the local one.
 */
export function useBillStation(initial: BillSnapshot, viewer: string, onResult: (state: FeedbackState) => void) {
  const [state, setState] = useState(() => initialBillStation(initial));
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setState((s) => reduceBillStation(s, { kind: "sync", snapshot: initial }));
  }
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);

  const apply = useCallback((event: Exclude<BillStationEvent, { kind: "sync" }>) => {
    const { state: fb } = describeBillEvent(event);
    setState((s) => reduceBillStation(s, event));
    signalOutcome(fb);
    onResultRef.current(fb);
  }, []);

  const billNumber = initial.counts.billNumber;
  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      const at = Date.now;
      if (job.kind === "add") {
        const route = routeBillScan(job.raw);
        if (route.kind === "local_error") return apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
        try {
          apply({ kind: "add", qr: route.qr, outcome: await addParentAction(billNumber, route.qr), at: at(), by: viewer });
        } catch {
          apply({ kind: "local_error", qr: route.qr, message: `${route.qr}: ${OFFLINE}`, at: at() });
        }
        return;
      }
      try {
        if (job.kind === "remove") {
          apply({ kind: "remove", qr: job.qr, outcome: await removeParentAction(billNumber, job.qr), at: at() });
        } else {
          const change = job.kind === "complete" ? completeBillAction : reopenBillAction;
          apply({ kind: job.kind, outcome: await change(billNumber), at: at() });
        }
      } catch {
        apply({ kind: "local_error", qr: job.kind === "remove" ? job.qr : "", message: OFFLINE, at: at() });
      }
    },
    [apply, billNumber, viewer],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);
  const scan = useCallback((raw: string) => enqueue({ kind: "add", raw }), [enqueue]);
  const remove = useCallback((qr: string) => enqueue({ kind: "remove", qr }), [enqueue]);
  const complete = useCallback(() => enqueue({ kind: "complete" }), [enqueue]);
  const reopen = useCallback(() => enqueue({ kind: "reopen" }), [enqueue]);

  // The last-10 list survives a reload or a sign-in again in this tab (station-memory.ts); the
  // bill itself always comes fresh from the server.
  const memory = useStationMemory(billStationKey(viewer, billNumber));
  const restoredRef = useRef(false);
  useEffect(() => {
    // Read once, after hydration (the server has no sessionStorage to render it from).
    const saved = restoredRef.current ? null : memory.load();
    restoredRef.current = true;
    if (saved) setState((s) => withRememberedHistory(s, saved.history));
  }, [memory]);
  const { history } = state;
  useEffect(() => memory.save(null, history), [memory, history]);

  return { state, waiting, scan, remove, complete, reopen };
}
