"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { cancelTicketAction, finalizeTicketAction, returnBagAction } from "@/app/(app)/returns/[code]/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { signalOutcome } from "@/components/station/feedback-signals";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { StationGrid } from "@/components/station/station-grid";
import { ScanFeedback } from "@/components/station/scan-feedback";
import { ScanHistory } from "@/components/station/scan-history";
import { ScanInput } from "@/components/station/scan-input";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { useStationShell } from "@/components/station/use-station-shell";
import { formatKg } from "@/components/bills/bill-format";
import type { ReturnBagDto, ReturnTicketDto } from "@/lib/dto/returns";
import { formatCount } from "@/lib/format";
import { classifyQr, displayQr } from "@/lib/qr";
import { HISTORY_LENGTH, invalidQrMessage, type FeedbackState, type HistoryEntry } from "@/lib/station";
import { ReturnedBags } from "./returned-bags";

type Signal = Exclude<FeedbackState, "idle">;
interface Counts {
  bagsCount: number;
  childCount: number;
  weightKg: number;
}
type Job = { kind: "scan"; raw: string } | { kind: "finalize" } | { kind: "cancel" };

/** A ticket's return scan page: the same always-focused input, sounds and colours as the bill station. */
export function ReturnStation({ ticket, initialBags }: { ticket: ReturnTicketDto; initialBags: ReturnBagDto[] }) {
  const t = useTranslations("returns.station");
  // A root translator: the browser needs the stations' namespaces (tests/support/client-messages-graph.ts).
  // client-messages: scan, station, offline, gate, common, errors
  const words = useTranslations();
  const locale = useLocale();
  const kg = useCallback((n: number) => formatKg(n, locale), [locale]);
  // The station's own words for the shared outcome colours and sounds.
  const outcomeLabels = useMemo(
    () => ({ ok: t("outcome.ok"), duplicate: t("outcome.duplicate"), error: t("outcome.error"), complete: t("outcome.complete"), undone: t("outcome.undone") }),
    [t],
  );
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const [counts, setCounts] = useState<Counts>({ bagsCount: ticket.bagsCount, childCount: ticket.childCount, weightKg: ticket.weightKg });
  const [bags, setBags] = useState(initialBags);
  const [feedback, setFeedback] = useState<{ state: FeedbackState; message: string }>({
    state: "idle",
    message: t("prompt", { code: ticket.code }),
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
        if (label.kind === "invalid") return show("error", displayQr(label.qr), invalidQrMessage(label, words));
        if (label.kind === "child") return show("error", label.qr, t("childLabel", { qr: label.qr }));
        try {
          const o = await returnBagAction(ticket.code, label.qr);
          if (!o.ok) return show(o.code === "duplicate" ? "duplicate" : "error", label.qr, o.message);
          setCounts({ bagsCount: o.ticket.bagsCount, childCount: o.ticket.childCount, weightKg: o.ticket.weightKg });
          setBags((list) => [o.bag, ...list.filter((b) => b.qr !== o.bag.qr)]);
          const b = o.bill;
          return show(
            "ok",
            o.qr,
            t("returned", {
              qr: o.qr,
              bill: b.billNumber,
              linked: formatCount(b.linkedCount, locale),
              capacity: formatCount(b.capacity, locale),
              billWeight: kg(b.actualWeightKg),
              count: o.ticket.bagsCount,
              n: formatCount(o.ticket.bagsCount, locale),
              ticketWeight: kg(o.ticket.weightKg),
            }),
          );
        } catch {
          return show("error", label.qr, t("qrOffline", { qr: label.qr }));
        }
      }
      try {
        const o = job.kind === "finalize" ? await finalizeTicketAction(ticket.code) : await cancelTicketAction(ticket.code);
        if (!o.ok) {
          setActionError({ code: o.code, message: o.message });
          return show("error", "", o.message);
        }
        setActionError(null);
        show(job.kind === "finalize" ? "complete" : "undone", "", job.kind === "finalize" ? t("finalized", { code: ticket.code }) : t("cancelled", { code: ticket.code }));
        // The action revalidated this page: Next renders it again as the ticket's read-only record.
      } catch {
        setActionError({ code: "offline", message: t("offline") });
        show("error", "", t("offline"));
      }
    },
    [show, ticket.code, t, words, locale, kg],
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
            <ScanInput inputRef={inputRef} onScan={scan} waiting={waiting} label={t("inputLabel")} />
            <ScanFeedback feedback={feedback} labels={outcomeLabels} />
          </>
        }
        aside={
          <>
            <section aria-label={t("totals")} className="rounded-xl border border-slate-200 bg-white p-4">
              <dl className="grid grid-cols-2 gap-4">
                <div>
                  <dt className="text-sm font-semibold text-slate-600">{t("parentBags")}</dt>
                  <dd className="text-5xl font-bold tabular-nums" data-testid="return-bags-count">
                    {formatCount(counts.bagsCount, locale)}
                  </dd>
                </div>
                <div>
                  <dt className="text-sm font-semibold text-slate-600">{t("weight")}</dt>
                  <dd className="text-5xl font-bold tabular-nums" data-testid="return-weight">
                    {kg(counts.weightKg)}
                  </dd>
                </div>
                <div className="col-span-2 text-sm text-slate-700">
                  {t.rich("children", {
                    count: formatCount(counts.childCount, locale),
                    n: (chunks) => <span data-testid="return-children">{chunks}</span>,
                  })}
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
                  {t("finalize")}
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
                  {t("cancel")}
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
            <ScanHistory entries={history} labels={outcomeLabels} />
          </>
        }
      />
      <ReturnedBags bags={bags} />
      <ConfirmDialog
        open={asking === "finalize"}
        title={t("finalizeTitle", { code: ticket.code })}
        confirmLabel={t("finalizeYes")}
        onCancel={closeDialog}
        onConfirm={() => {
          closeDialog();
          enqueue({ kind: "finalize" });
        }}
      >
        <p>{t("finalizeBody", { count: counts.bagsCount, n: formatCount(counts.bagsCount, locale) })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === "cancel"}
        title={t("cancelTitle", { code: ticket.code })}
        confirmLabel={t("cancelYes")}
        onCancel={closeDialog}
        onConfirm={() => {
          closeDialog();
          enqueue({ kind: "cancel" });
        }}
      >
        <p>{t("cancelBody")}</p>
      </ConfirmDialog>
    </div>
  );
}
