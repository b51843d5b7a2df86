"use client";

import { useState } from "react";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { ScanFeedback } from "@/components/station/scan-feedback";
import { ScanHistory } from "@/components/station/scan-history";
import { ScanInput } from "@/components/station/scan-input";
import { useStationShell } from "@/components/station/use-station-shell";
import { BILL_OUTCOME_LABELS } from "@/lib/bill-station";
import type { BillSnapshot } from "@/lib/dto/bills";
import { BillCompletedPanel } from "./bill-completed-panel";
import { BillProgress } from "./bill-progress";
import { ConfirmDialog } from "./confirm-dialog";
import { LinkedParents } from "./linked-parents";
import { useBillStation } from "./use-bill-station";

/**
 * The bill page's scan station: the same always-focused input, queue, sounds and colours as
 * packing, but it takes parent labels only and puts them on this bill. A completed bill takes
 * none, so it has no input: a panel to reopen it stands there instead. `viewer`: who scans;
 * `children` (the bill's details) go between the station and the list of parents.
 */
export function BillStation({ initial, viewer, children }: { initial: BillSnapshot; viewer: string; children?: React.ReactNode }) {
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const [removing, setRemoving] = useState<string | null>(null);
  const { state, waiting, scan, remove, complete, reopen } = useBillStation(initial, viewer, signal);
  const { counts, completedAt, parents } = state.snapshot;
  const locked = counts.status === "completed";

  const closeDialog = () => {
    setRemoving(null);
    // The dialog gives the focus back to the button that opened it; scanning wants the input.
    requestAnimationFrame(focusInput);
  };

  return (
    <div className="space-y-6">
      <div className="relative">
        <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
        {/* Laptops (lg): the counter, weights and Complete sit in the right-hand column beside the
            input, above the fold of a 1366×768 screen; phones stack input, counter, history. */}
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem] lg:grid-rows-[auto_1fr] lg:items-start">
          <div className="min-w-0 space-y-4">
            {locked ? (
              <BillCompletedPanel completedAt={completedAt} onReopen={reopen} />
            ) : (
              <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label="Scan or type a parent bag label, then Enter" />
            )}
            <ScanFeedback feedback={state.feedback} labels={BILL_OUTCOME_LABELS} />
          </div>
          <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
            <BillProgress counts={counts} completedAt={completedAt} onComplete={complete} />
          </div>
          <div className="min-w-0 space-y-4">
            {!locked && (
              <>
                <div className="flex flex-wrap gap-3">
                  <CameraToggle on={camera} onToggle={toggleCamera} />
                </div>
                {camera && <CameraScanner onDecode={scan} />}
              </>
            )}
            <ScanHistory entries={state.history} labels={BILL_OUTCOME_LABELS} />
          </div>
        </div>
      </div>
      {children}
      <LinkedParents parents={parents} onRemove={setRemoving} locked={locked} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ?? ""}?`}
        confirmLabel="Remove from bill"
        onCancel={closeDialog}
        onConfirm={() => {
          if (removing) remove(removing);
          closeDialog();
        }}
      >
        <p>
          Parent bag <span className="font-mono font-semibold">{removing}</span> leaves bill{" "}
          <span className="font-semibold">{initial.counts.billNumber}</span> and can be put on another bill. Its children stay packed in it.
        </p>
      </ConfirmDialog>
    </div>
  );
}
