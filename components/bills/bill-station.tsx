"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
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
import { billOutcomeLabels } from "@/lib/bill-station";
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
  const t = useTranslations("bills");
  const outcomeLabels = useMemo(() => billOutcomeLabels(t), [t]);
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
              <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label={t("station.scanLabel")} />
            )}
            <ScanFeedback feedback={state.feedback} labels={outcomeLabels} />
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
            <ScanHistory entries={state.history} labels={outcomeLabels} />
          </>
        }
      />
      {children}
      <LinkedParents parents={parents} onRemove={setRemoving} locked={locked} />
      <ConfirmDialog
        open={removing !== null}
        title={t("station.removeTitle", { qr: removing ?? "" })}
        confirmLabel={t("station.removeConfirm")}
        onCancel={closeDialog}
        onConfirm={() => {
          if (removing) remove(removing);
          closeDialog();
        }}
      >
        <p>
          {t.rich("station.removeBody", {
            qr: removing ?? "",
            billNumber: initial.counts.billNumber,
            mono: (chunks) => <span className="font-mono font-semibold">{chunks}</span>,
            b: (chunks) => <span className="font-semibold">{chunks}</span>,
          })}
        </p>
      </ConfirmDialog>
    </div>
  );
}
