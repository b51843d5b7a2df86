import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { classifyLoadScanAction, previewLoadCheckAction, saveLoadCheckAction } from "@/app/(app)/bills/[billNumber]/check/actions";
import { signalOutcome } from "@/components/station/feedback-signals";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import type { LoadCheckDto } from "@/lib/dto/load-check";
import type { FeedbackState } from "@/lib/station";
import { classifyQr, displayQr } from "@/lib/qr";
import { invalidQrMessage } from "@/lib/station";
import { createLoadCheckMemory, loadCheckMemoryKey } from "./load-check-memory";
import { checkIsFull, childLabelMessage, initialLoadCheck, labelsToSave, loadCheckReducer, signalOf, type LoadCheckEvent } from "./load-check-state";

/** The answer to Save: the saved report, or why not (the live check is kept). */
export type SaveAnswer = { ok: true; check: LoadCheckDto } | { ok: false; message: string };

type Job = { kind: "scan"; raw: string } | { kind: "preview"; qrs: string } | { kind: "save"; notes: string; done: (answer: SaveAnswer) => void };

/**
 * The check page's loop: scans, the re-check after a reload and Save run through one in-order
 * queue (Save waits for the scans before it). Repeated labels are answered here, without a round
 * trip; the list is remembered in this tab after every change.
 */
export function useLoadCheck(billNumber: string, expected: string[], viewer: string, onResult: (state: Exclude<FeedbackState, "idle">) => void) {
  const t = useTranslations("loadCheck");
  // The stations' shared words: classifyQr's refusals in the reader's language.
  // A root translator: the browser needs the stations' namespaces (tests/support/client-messages-graph.ts).
  // client-messages: scan, station, offline, gate, common, errors
  const words = useTranslations();
  const [state, setState] = useState(() => initialLoadCheck(billNumber, expected, t));
  // The state as the queue sees it: each job reads what the one before it left (React's lands later).
  const stateRef = useRef(state);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);

  /** Applies an event; a scan's outcome (or a failure) also sounds, flashes and takes the focus back. */
  const reduceLoadCheck = useMemo(() => loadCheckReducer(t), [t]);
  const apply = useCallback(
    (event: LoadCheckEvent) => {
      const next = reduceLoadCheck(stateRef.current, event);
      stateRef.current = next;
      setState(next);
      const signal = event.kind === "restore" || event.kind === "preview" || event.kind === "reset" ? null : signalOf(next.feedback.kind);
      if (signal) {
        signalOutcome(signal);
        onResultRef.current(signal);
      }
    },
    [reduceLoadCheck],
  );

  const runJob = useCallback(
    async (job: Job): Promise<void> => {
      if (job.kind === "save") {
        try {
          const o = await saveLoadCheckAction(billNumber, labelsToSave(stateRef.current), job.notes);
          job.done(o.ok ? { ok: true, check: o.check } : { ok: false, message: o.message });
        } catch {
          job.done({ ok: false, message: t("station.saveOffline") });
        }
        return;
      }
      if (job.kind === "preview") {
        try {
          const o = await previewLoadCheckAction(billNumber, job.qrs);
          if (o.ok) apply({ kind: "preview", preview: o });
          else apply({ kind: "failed", qr: "", message: t("station.recheckRefused", { message: o.message }) });
        } catch {
          apply({ kind: "failed", qr: "", message: t("station.recheckOffline") });
        }
        return;
      }
      const label = classifyQr(job.raw);
      if (label.kind === "invalid") return apply({ kind: "refused", qr: displayQr(label.qr), message: t("station.notCounted", { message: invalidQrMessage(label, words) }) });
      if (label.kind === "child") {
        return apply({ kind: "refused", qr: label.qr, message: t("station.notCounted", { message: childLabelMessage(label.qr, t) }) });
      }
      if (stateRef.current.scans.some((s) => s.qr === label.qr)) return apply({ kind: "duplicate", qr: label.qr });
      if (checkIsFull(stateRef.current)) {
        return apply({ kind: "refused", qr: label.qr, message: t("station.full") });
      }
      try {
        const o = await classifyLoadScanAction(billNumber, label.qr);
        if (o.ok) return apply({ kind: "answer", result: { qr: o.qr, verdict: o.verdict, otherBillNumber: o.otherBillNumber, known: o.known } });
        // The label refused by the server too: not counted. Anything else (the bill deleted meanwhile, signed out): scan again.
        apply({ kind: o.code === "invalid_qr" || o.code === "wrong_type" ? "refused" : "failed", qr: label.qr, message: o.message });
      } catch {
        apply({ kind: "failed", qr: label.qr, message: `${label.qr}: ${t("station.scanOffline")}` });
      }
    },
    [apply, billNumber, t, words],
  );

  const { enqueue, waiting } = useSerialQueue(runJob);
  const scan = useCallback((raw: string) => enqueue({ kind: "scan", raw }), [enqueue]);
  const save = useCallback((notes: string) => new Promise<SaveAnswer>((done) => enqueue({ kind: "save", notes, done })), [enqueue]);

  // Remembered in this tab: put back once after hydration (the server has no sessionStorage), then checked again.
  const memory = useMemo(() => createLoadCheckMemory(() => window.sessionStorage, loadCheckMemoryKey(viewer, billNumber)), [viewer, billNumber]);
  const restoredRef = useRef(false);
  const stoppedRef = useRef(false);
  useEffect(() => {
    if (restoredRef.current) return;
    restoredRef.current = true;
    const saved = memory.load();
    if (!saved || (saved.scans.length === 0 && saved.refused.length === 0)) return;
    apply({ kind: "restore", scans: saved.scans, refused: saved.refused });
    if (saved.scans.length > 0) enqueue({ kind: "preview", qrs: saved.scans.map((s) => s.qr).join("\n") });
  }, [memory, enqueue, apply]);
  const { scans, refused } = state;
  useEffect(() => {
    // An empty check is never written: before the restore lands it would wipe what is being put
    // back (Start over and Save clear the memory themselves).
    if (restoredRef.current && !stoppedRef.current && (scans.length > 0 || refused.length > 0)) memory.save({ scans, refused });
  }, [memory, scans, refused]);

  /** Start over: this check's scans are dropped (nothing was saved). */
  const reset = useCallback(() => {
    memory.clear();
    apply({ kind: "reset" });
  }, [memory, apply]);
  /** After a successful save: forget this check in the tab (the page moves on to the report). */
  const finish = useCallback(() => {
    stoppedRef.current = true;
    memory.clear();
  }, [memory]);

  return { state, waiting, scan, save, reset, finish };
}
