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
import { BillProgress } from "./bill-progress";
import { ConfirmDialog } from "./confirm-dialog";
import { LinkedParents } from "./linked-parents";
import { useBillStation } from "./use-bill-station";

/**
 * The bill page's scan station: the same always-focused input, queue, sounds and colours as
 * packing, but it takes parent labels only and puts them on this bill. `viewer`: who scans.
 */
export function BillStation({ initial, viewer }: { initial: BillSnapshot; viewer: string }) {
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
        <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="min-w-0 space-y-4">
            <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label="Scan or type a parent bag label, then Enter" />
            <ScanFeedback feedback={state.feedback} labels={BILL_OUTCOME_LABELS} />
            <BillProgress counts={counts} completedAt={completedAt} onComplete={complete} onReopen={reopen} />
            <div className="flex flex-wrap gap-3">
              <CameraToggle on={camera} onToggle={toggleCamera} />
            </div>
            {camera && <CameraScanner onDecode={scan} />}
          </div>
          <ScanHistory entries={state.history} labels={BILL_OUTCOME_LABELS} />
        </div>
      </div>
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
