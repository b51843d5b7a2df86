import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { addParentAction, completeBillAction, removeParentAction, reopenBillAction } from "@/app/(app)/bills/[billNumber]/actions";
import {
  describeBillEvent,
  initialBillStation,
  reduceBillStation,
  routeBillScan,
  type BillStationEvent,
} from "@/lib/bill-station";
import type { BillSnapshot } from "@/lib/dto/bills";
import { asAddParentResult, browserOnline, isNetworkFailure } from "@/lib/offline/answers";
import { newIdempotencyKey } from "@/lib/offline/keys";
import { planQueuedBillParent } from "@/lib/offline/plan";
import { needsNetworkMessage, notKeptMessage } from "@/lib/offline/provisional";
import type { ConflictEntry, QueuedScan } from "@/lib/offline/queue";
import type { FeedbackState } from "@/lib/station";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { billStationKey, useStationMemory, withRememberedHistory } from "@/components/station/station-memory";
import { useOfflineQueue } from "@/components/offline/use-offline-queue";

/** A scan carries its idempotency key from the moment it is made. */
type Job = { kind: "add"; raw: string; key: string } | { kind: "remove"; qr: string } | { kind: "complete" } | { kind: "reopen" };

const sameBill = (a: string | undefined, b: string) => a?.toUpperCase() === b.toUpperCase();

/**
 * The bill station's loop: scans, removals, complete and reopen all run through one in-order
 * queue, so a change clicked between two scans lands between them. When the server renders
 * the page again (after an edit) its snapshot replaces the local one. Without a network, scans
 * wait in the offline queue of `viewerId` with a provisional answer; the rest waits for it.
 */
export function useBillStation(initial: BillSnapshot, viewer: string, viewerId: string, onResult: (state: FeedbackState) => void) {
  const t = useTranslations("bills");
  // The stations' shared words (offline answers, invalid labels), in the same language.
  // A root translator: the browser needs the stations' namespaces (tests/support/client-messages-graph.ts).
  // client-messages: scan, station, offline, gate, common, errors
  const words = useTranslations();
  const [state, setState] = useState(() => initialBillStation(initial, t));
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setState((s) => reduceBillStation(s, { kind: "sync", snapshot: initial }, t));
  }
  // What a queued scan counts on: the bill as this page last knew it.
  const snapshotRef = useRef(state.snapshot);
  useEffect(() => {
    snapshotRef.current = state.snapshot;
  }, [state.snapshot]);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);

  const apply = useCallback(
    (event: Exclude<BillStationEvent, { kind: "sync" }>, quiet = false) => {
      const { state: fb } = describeBillEvent(event, t);
      setState((s) => reduceBillStation(s, event, t));
      if (!quiet) signalOutcome(fb);
      onResultRef.current(fb);
    },
    [t],
  );

  const billNumber = initial.counts.billNumber;
  // Answers to this bill's scans sent later; other scans of the queue belong to other pages.
  const onSent = useCallback(
    (scan: QueuedScan, body: Record<string, unknown>) => {
      const result = scan.kind === "bill_parent" && sameBill(scan.billNumber, billNumber) ? asAddParentResult(body) : null;
      if (result) apply({ kind: "replayed_add", qr: scan.qr, result, at: Date.now(), by: viewer }, true);
    },
    [apply, billNumber, viewer],
  );
  const onRefused = useCallback(
    (c: ConflictEntry) => {
      if (c.kind === "bill_parent" && sameBill(c.billNumber, billNumber)) apply({ kind: "refused", qr: c.qr, message: c.message, advice: c.advice, at: Date.now() });
    },
    [apply, billNumber],
  );
  const offline = useOfflineQueue(viewerId, useMemo(() => ({ onSent, onRefused }), [onSent, onRefused]));
  const { queue, mustQueue, waitingNow, noteUnreachable } = offline;

  const queueAdd = useCallback(
    async (key: string, qr: string) => {
      const plan = planQueuedBillParent(qr, snapshotRef.current, waitingNow(), words);
      if (plan.queue && !(await queue({ key, kind: "bill_parent", qr, billNumber }))) {
        apply({ kind: "local_error", qr, message: notKeptMessage(qr, words), at: Date.now() });
        return;
      }
      apply({ kind: "queued", qr, message: plan.message, at: Date.now() });
      if (plan.warning) signalOutcome("error");
    },
    [apply, billNumber, queue, waitingNow, words],
  );

  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      const at = Date.now;
      const offlineMessage = t("station.offline");
      if (job.kind === "add") {
        const route = routeBillScan(job.raw, t, words);
        if (route.kind === "local_error") return apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
        if (mustQueue()) return queueAdd(job.key, route.qr);
        try {
          apply({ kind: "add", qr: route.qr, outcome: await addParentAction(billNumber, route.qr, job.key), at: at(), by: viewer });
        } catch (err) {
          if (!isNetworkFailure(err, browserOnline())) return apply({ kind: "local_error", qr: route.qr, message: `${route.qr}: ${offlineMessage}`, at: at() });
          // It may even have landed: the same key makes sending it again safe.
          noteUnreachable();
          await queueAdd(job.key, route.qr);
        }
        return;
      }
      if (mustQueue()) {
        return apply({ kind: "local_error", qr: job.kind === "remove" ? job.qr : "", message: needsNetworkMessage(t(`station.changes.${job.kind}`), waitingNow().length, words), at: at() });
      }
      try {
        if (job.kind === "remove") {
          apply({ kind: "remove", qr: job.qr, outcome: await removeParentAction(billNumber, job.qr), at: at() });
        } else {
          const change = job.kind === "complete" ? completeBillAction : reopenBillAction;
          apply({ kind: job.kind, outcome: await change(billNumber), at: at() });
        }
      } catch {
        apply({ kind: "local_error", qr: job.kind === "remove" ? job.qr : "", message: offlineMessage, at: at() });
      }
    },
    [apply, billNumber, mustQueue, noteUnreachable, queueAdd, t, viewer, waitingNow, words],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);
  const scan = useCallback((raw: string) => enqueue({ kind: "add", raw, key: newIdempotencyKey() }), [enqueue]);
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

  return { state, waiting, scan, remove, complete, reopen, offline };
}
