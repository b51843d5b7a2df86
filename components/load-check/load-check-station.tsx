"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { StationGrid } from "@/components/station/station-grid";
import { ScanInput } from "@/components/station/scan-input";
import { useStationShell } from "@/components/station/use-station-shell";
import { loadCheckHref } from "./load-check-format";
import { LoadCheckFeedback } from "./load-check-feedback";
import { LoadCheckLists } from "./load-check-lists";
import { viewOf } from "./load-check-state";
import { LoadCheckTally } from "./load-check-tally";
import { RefusedScans } from "./refused-scans";
import { SaveLoadCheck } from "./save-load-check";
import { useLoadCheck } from "./use-load-check";

interface LoadCheckStationProps {
  billNumber: string;
  /** The bill's parents when the page was rendered, in loading order. */
  expected: string[];
  /** Who checks (the tab's memory is per user). */
  viewer: string;
}

/**
 * The load check at the truck: the stations' always-focused input (wedge scanner, keyboard or
 * camera); each parent scanned is classified by the server at once, and the counters and the four
 * lists follow. The check is kept in this tab until it is saved (or started over).
 */
export function LoadCheckStation({ billNumber, expected, viewer }: LoadCheckStationProps) {
  const router = useRouter();
  const t = useTranslations("loadCheck.station");
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const { state, waiting, scan, save, reset, finish } = useLoadCheck(billNumber, expected, viewer, signal);
  const [asking, setAsking] = useState(false);
  const view = viewOf(state);
  const scanned = state.scans.length;

  const closeDialog = () => {
    setAsking(false);
    requestAnimationFrame(focusInput);
  };

  return (
    <div className="space-y-6">
      <StationGrid
        flashRef={flashRef}
        main={
          <>
            <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label={t("scanLabel")} />
            <LoadCheckFeedback feedback={state.feedback} />
          </>
        }
        aside={
          <>
            <LoadCheckTally counts={view} />
            <SaveLoadCheck
              scanned={scanned}
              waiting={waiting}
              save={save}
              onSaved={(check) => {
                finish();
                router.push(loadCheckHref(check.billNumber, check.id));
              }}
              onStartOver={() => setAsking(true)}
            />
          </>
        }
        below={
          <>
            <div className="flex flex-wrap gap-3">
              <CameraToggle on={camera} onToggle={toggleCamera} />
            </div>
            {camera && <CameraScanner onDecode={scan} />}
          </>
        }
      />
      <LoadCheckLists
        matched={view.matchedQrs}
        missing={view.missingQrs}
        extra={view.extraQrs.map(({ qr, known }) => ({ qr, known }))}
        otherBill={view.otherBillQrs.map(({ qr, otherBillNumber }) => ({ qr, billNumber: otherBillNumber ?? "?" }))}
      />
      <RefusedScans refused={state.refused} />
      <ConfirmDialog
        open={asking}
        title={t("startOverTitle")}
        confirmLabel={t("startOver")}
        onCancel={closeDialog}
        onConfirm={() => {
          reset();
          closeDialog();
        }}
      >
        <p>{t.rich("startOverBody", { count: scanned, billNumber, b: (chunks) => <span className="font-semibold">{chunks}</span> })}</p>
      </ConfirmDialog>
    </div>
  );
}
