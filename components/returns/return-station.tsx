"use client";

import { useCallback, useState } from "react";
import { cancelTicketAction, finalizeTicketAction, returnBagAction } from "@/app/(app)/returns/[code]/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { formatKg } from "@/components/bills/bill-format";
import { signalOutcome } from "@/components/station/feedback-signals";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { StationGrid } from "@/components/station/station-grid";
import { ScanFeedback } from "@/components/station/scan-feedback";
import { ScanHistory } from "@/components/station/scan-history";
import { ScanInput } from "@/components/station/scan-input";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { useStationShell } from "@/components/station/use-station-shell";
import type { ReturnBagDto, ReturnTicketDto } from "@/lib/dto/returns";
import { classifyQr, displayQr } from "@/lib/qr";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "@/lib/station";
import { ReturnedBags } from "./returned-bags";

/** The station's own words for the shared outcome colours and sounds. */
export const RETURN_OUTCOME_LABELS = { ok: "Returned", duplicate: "Already on ticket", error: "Refused", complete: "Done", undone: "Restored" } as const;

const OFFLINE = "Could not reach the server. Nothing was saved — try again.";

type Signal = Exclude<FeedbackState, "idle">;
interface Counts {
  bagsCount: number;
  childCount: number;
  weightKg: number;
}
type Job = { kind: "scan"; raw: string } | { kind: "finalize" } | { kind: "cancel" };

/** A ticket's return scan page: the same always-focused input, sounds and colours as the bill station. */
export function ReturnStation({ ticket, initialBags }: { ticket: ReturnTicketDto; initialBags: ReturnBagDto[] }) {
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const [counts, setCounts] = useState<Counts>({ bagsCount: ticket.bagsCount, childCount: ticket.childCount, weightKg: ticket.weightKg });
  const [bags, setBags] = useState(initialBags);
  const [feedback, setFeedback] = useState<{ state: FeedbackState; message: string }>({
    state: "idle",
    message: `Scan a returned parent bag (SB… or M444-…): it leaves its bill and goes on ticket ${ticket.code}.`,
  });
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [asking, setAsking] = useState<"finalize" | "cancel" | null>(null);
  const [actionError, setActionError] = useState<{ code: string; message: string } | null>(null);

  const show = useCallback(
    (state: Signal, qr: string, message: string) => {
      setFeedback({ state, message });
      setHistory((h) => [{ id: (h[0]?.id ?? 0) + 1, at: Date.now(), qr, state, message }, ...h].slice(0, HISTORY_LENGTH));
      signalOutcome(state);
      signal(state);
    },
    [signal],
  );

  const run = useCallback(
    async (job: Job): Promise<void> => {
      if (job.kind === "scan") {
        const label = classifyQr(job.raw);
        if (label.kind === "invalid") return show("error", displayQr(label.qr), label.message);
        if (label.kind === "child") return show("error", label.qr, `${label.qr} is a child label. Returns take parent bags: scan the parent label (SB12345 or M444-12345).`);
        try {
          const o = await returnBagAction(ticket.code, label.qr);
          if (!o.ok) return show(o.code === "duplicate" ? "duplicate" : "error", label.qr, o.message);
          setCounts({ bagsCount: o.ticket.bagsCount, childCount: o.ticket.childCount, weightKg: o.ticket.weightKg });
          setBags((list) => [o.bag, ...list.filter((b) => b.qr !== o.bag.qr)]);
          const b = o.bill;
          return show(
            "ok",
            o.qr,
            `${o.qr} returned from bill ${b.billNumber} — the bill now has ${b.linkedCount}/${b.capacity} parent bags (${formatKg(b.actualWeightKg)}). Ticket: ${o.ticket.bagsCount} bag${o.ticket.bagsCount === 1 ? "" : "s"}, ${formatKg(o.ticket.weightKg)}.`,
          );
        } catch {
          return show("error", label.qr, `${label.qr}: ${OFFLINE}`);
        }
      }
      try {
        const o = job.kind === "finalize" ? await finalizeTicketAction(ticket.code) : await cancelTicketAction(ticket.code);
        if (!o.ok) {
          setActionError({ code: o.code, message: o.message });
          return show("error", "", o.message);
        }
        setActionError(null);
        show(job.kind === "finalize" ? "complete" : "undone", "", job.kind === "finalize" ? `Ticket ${ticket.code} finalized.` : `Ticket ${ticket.code} cancelled: the bags are back on their bills.`);
        // The action revalidated this page: Next renders it again as the ticket's read-only record.
      } catch {
        setActionError({ code: "offline", message: OFFLINE });
        show("error", "", OFFLINE);
      }
    },
    [show, ticket.code],
  );

  const { enqueue, waiting } = useSerialQueue(run);
  const scan = useCallback((raw: string) => enqueue({ kind: "scan", raw }), [enqueue]);
  const closeDialog = () => {
    setAsking(null);
    requestAnimationFrame(focusInput);
  };

  return (
    <div className="space-y-6">
      <StationGrid
        flashRef={flashRef}
        main={
          <>
            <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label="Scan or type a returned parent bag label, then Enter" />
            <ScanFeedback feedback={feedback} labels={RETURN_OUTCOME_LABELS} />
          </>
        }
        aside={
          <>
            <section aria-label="Ticket totals" className="rounded-xl border border-slate-200 bg-white p-4">
              <dl className="grid grid-cols-2 gap-4">
                <div>
                  <dt className="text-sm font-semibold text-slate-600">Parent bags</dt>
                  <dd className="text-5xl font-bold tabular-nums" data-testid="return-bags-count">
                    {counts.bagsCount}
                  </dd>
                </div>
                <div>
                  <dt className="text-sm font-semibold text-slate-600">Weight</dt>
                  <dd className="text-5xl font-bold tabular-nums" data-testid="return-weight">
                    {formatKg(counts.weightKg)}
                  </dd>
                </div>
                <div className="col-span-2 text-sm text-slate-700">
                  <span data-testid="return-children">{counts.childCount}</span> child bags in the returned parents
                </div>
              </dl>
              <div className="mt-4 flex flex-wrap gap-3">
                <button
                  type="button"
                  data-testid="return-finalize"
                  onClick={() => {
                    setActionError(null);
                    setAsking("finalize");
                  }}
                  className="min-h-11 rounded-md bg-green-700 px-5 font-semibold text-white hover:bg-green-800"
                >
                  Finalize ticket
                </button>
                <button
                  type="button"
                  data-testid="return-cancel"
                  onClick={() => {
                    setActionError(null);
                    setAsking("cancel");
                  }}
                  className="min-h-11 rounded-md border-2 border-red-700 bg-white px-5 font-semibold text-red-800 hover:bg-red-50"
                >
                  Cancel ticket
                </button>
              </div>
              {actionError && (
                <div role="alert" data-testid="return-action-error" data-code={actionError.code} className="mt-4 rounded-md border-2 border-red-600 bg-red-50 p-3 text-red-900">
                  <p className="font-semibold">{actionError.message}</p>
                </div>
              )}
            </section>
          </>
        }
        below={
          <>
            <div className="flex flex-wrap gap-3">
              <CameraToggle on={camera} onToggle={toggleCamera} />
            </div>
            {camera && <CameraScanner onDecode={scan} />}
            <ScanHistory entries={history} labels={RETURN_OUTCOME_LABELS} />
          </>
        }
      />
      <ReturnedBags bags={bags} />
      <ConfirmDialog
        open={asking === "finalize"}
        title={`Finalize ${ticket.code}?`}
        confirmLabel="Yes, finalize"
        onCancel={closeDialog}
        onConfirm={() => {
          closeDialog();
          enqueue({ kind: "finalize" });
        }}
      >
        <p>
          The {counts.bagsCount} returned parent bag{counts.bagsCount === 1 ? "" : "s"} stay off their bills for good, and the ticket is closed. This cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === "cancel"}
        title={`Cancel ${ticket.code}?`}
        confirmLabel="Yes, cancel ticket"
        onCancel={closeDialog}
        onConfirm={() => {
          closeDialog();
          enqueue({ kind: "cancel" });
        }}
      >
        <p>
          Every parent bag on this ticket goes back on the bill it came from, and the ticket is closed. If a bag cannot go back (its bill is full, deleted, or it is on another bill
          now), nothing changes and you can finalize instead.
        </p>
      </ConfirmDialog>
    </div>
  );
}
