"use client";

import { useState } from "react";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { StationGrid } from "@/components/station/station-grid";
import { ConflictList } from "@/components/offline/conflict-list";
import { OfflineBanner } from "@/components/offline/offline-banner";
import { useServiceWorker } from "@/components/offline/use-service-worker";
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
 * none, so it has no input: a panel to reopen it stands there instead. `viewer`: who scans
 * (`viewerId`: whose offline queue); `children` (the bill's details) go between the station and
 * the list of parents.
 */
export function BillStation({ initial, viewer, viewerId, children }: { initial: BillSnapshot; viewer: string; viewerId: string; children?: React.ReactNode }) {
  useServiceWorker();
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const [removing, setRemoving] = useState<string | null>(null);
  const { state, waiting, scan, remove, complete, reopen, offline } = useBillStation(initial, viewer, viewerId, signal);
  const { counts, completedAt, parents } = state.snapshot;
  const locked = counts.status === "completed";

  const closeDialog = () => {
    setRemoving(null);
    // The dialog gives the focus back to the button that opened it; scanning wants the input.
    requestAnimationFrame(focusInput);
  };

  return (
    <div className="space-y-6">
      <StationGrid
        flashRef={flashRef}
        main={
          <>
            <OfflineBanner status={offline.status} username={viewer} onSendNow={offline.sendNow} />
            {locked ? (
              <BillCompletedPanel completedAt={completedAt} onReopen={reopen} />
            ) : (
              <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label="Scan or type a parent bag label, then Enter" />
            )}
            <ScanFeedback feedback={state.feedback} labels={BILL_OUTCOME_LABELS} />
            <ConflictList conflicts={offline.conflicts} onClear={(id) => void offline.clearConflict(id)} onClearAll={() => void offline.clearAllConflicts()} />
          </>
        }
        aside={<BillProgress counts={counts} completedAt={completedAt} onComplete={complete} />}
        below={
          <>
            {!locked && (
              <>
                <div className="flex flex-wrap gap-3">
                  <CameraToggle on={camera} onToggle={toggleCamera} />
                </div>
                {camera && <CameraScanner onDecode={scan} />}
              </>
            )}
            <ScanHistory entries={state.history} labels={BILL_OUTCOME_LABELS} />
          </>
        }
      />
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
