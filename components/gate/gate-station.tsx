"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { CameraScanner } from "@/components/station/camera-scanner";
import { CameraToggle } from "@/components/station/camera-toggle";
import { signalOutcome, unlockAudio } from "@/components/station/feedback-signals";
import { ScanInput } from "@/components/station/scan-input";
import { ScannerSettings } from "@/components/station/scanner-settings";
import { useSerialQueue } from "@/components/station/use-serial-queue";
import { useStationShell } from "@/components/station/use-station-shell";
import { formatStationTime } from "@/components/station/scan-history";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import { GATE_CODE_MAX, GATE_VEHICLE_MAX } from "@/lib/schemas/gate";
import { gateOutcomeOf, unreachableOutcome, type GateOutcome, type GateReader } from "./gate-outcome";
import { GateResultCard } from "./gate-result-card";

type GateJob = { payload: string } | { code: string; vehicleNumber: string };

interface GateHistoryEntry {
  id: number;
  at: number;
  outcome: GateOutcome;
  /** What was scanned or typed, shortened: the pass code when known. */
  label: string;
}

const HISTORY_LENGTH = 10;
/** What the typed-code fields show as an example: a pass code and a vehicle number, not words. */
const CODE_EXAMPLE = "GP-20261201-0001";
const VEHICLE_EXAMPLE = "RJ14GB1234";

const BADGE: Record<GateOutcome["verdict"], string> = {
  admitted: "bg-green-700 text-white",
  already_used: "bg-red-700 text-white",
  invalid: "bg-red-700 text-white",
  revoked: "bg-red-700 text-white",
  not_yet_valid: "bg-amber-300 text-slate-950",
  expired: "bg-amber-300 text-slate-950",
  not_checked: "bg-slate-200 text-slate-900",
};

async function postScan(job: GateJob, reader: GateReader): Promise<GateOutcome> {
  try {
    const res = await fetch("/api/gate/scan", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(job),
      cache: "no-store",
      credentials: "same-origin",
    });
    const body: unknown = await res.json().catch(() => null);
    return gateOutcomeOf(res.status, body, reader, "code" in job);
  } catch {
    return unreachableOutcome(reader);
  }
}

function labelOf(job: GateJob, outcome: GateOutcome): string {
  if (outcome.pass) return `${outcome.pass.code} · ${outcome.pass.vehicleNumber}`;
  if ("code" in job) return `${job.code} · ${job.vehicleNumber}`;
  return job.payload.length > 32 ? `${job.payload.slice(0, 32)}…` : job.payload;
}

/**
 * The gate station: one always-focused input for a keyboard-wedge scanner (Enter submits), the
 * camera, a big result card with flash and tone, a typed fallback for a damaged QR (pass code +
 * the vehicle number read off the truck), and this session's last scans.
 */
export function GateStation() {
  const t = useWords("gate");
  const words = useWords();
  const locale = useWordsLocale();
  // Read when an answer arrives: the words of the language shown then.
  const readerRef = useRef<GateReader>({ t: words, locale });
  useEffect(() => {
    readerRef.current = { t: words, locale };
  }, [words, locale]);
  const { flashRef, camera, toggleCamera, inputRef, focusInput, signal } = useStationShell();
  const [outcome, setOutcome] = useState<GateOutcome | null>(null);
  const [history, setHistory] = useState<GateHistoryEntry[]>([]);
  const [manualOpen, setManualOpen] = useState(false);
  const seqRef = useRef(0);
  const codeRef = useRef<HTMLInputElement>(null);
  const vehicleRef = useRef<HTMLInputElement>(null);
  const manualId = useId();

  const run = useCallback(
    async (job: GateJob) => {
      const result = await postScan(job, readerRef.current);
      seqRef.current += 1;
      const entry: GateHistoryEntry = { id: seqRef.current, at: Date.now(), outcome: result, label: labelOf(job, result) };
      setOutcome(result);
      setHistory((h) => [entry, ...h].slice(0, HISTORY_LENGTH));
      signalOutcome(result.tone);
      signal(result.tone);
    },
    [signal],
  );
  const { enqueue, waiting } = useSerialQueue(run);

  const onScan = useCallback((raw: string) => enqueue({ payload: raw }), [enqueue]);

  const onManual = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    unlockAudio();
    const code = codeRef.current?.value.trim() ?? "";
    const vehicleNumber = vehicleRef.current?.value.trim() ?? "";
    if (!code || !vehicleNumber) {
      (code ? vehicleRef : codeRef).current?.focus();
      return;
    }
    enqueue({ code, vehicleNumber });
    if (codeRef.current) codeRef.current.value = "";
    if (vehicleRef.current) vehicleRef.current.value = "";
    setManualOpen(false);
    // The manual fields are gone: the scanner's input takes the focus back.
    requestAnimationFrame(() => focusInput());
  };

  return (
    <div className="relative">
      <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <ScanInput inputRef={inputRef} onScan={onScan} waiting={waiting} label={t("station.input")} hint={t("station.hint")} />
          <GateResultCard outcome={outcome} />
          <div className="flex flex-wrap gap-3">
            <CameraToggle on={camera} onToggle={toggleCamera} />
            <button
              type="button"
              aria-expanded={manualOpen}
              aria-controls={manualId}
              onClick={() => {
                unlockAudio();
                setManualOpen((open) => !open);
                if (!manualOpen) requestAnimationFrame(() => codeRef.current?.focus());
              }}
              className="min-h-12 flex-1 rounded-lg border-2 border-slate-500 bg-white px-4 text-lg font-semibold text-slate-900 hover:bg-slate-50 sm:flex-none"
            >
              {t(manualOpen ? "station.closeManual" : "station.openManual")}
            </button>
          </div>
          {manualOpen && (
            <form id={manualId} onSubmit={onManual} autoComplete="off" className="space-y-3 rounded-xl border-2 border-slate-300 bg-white p-4" aria-label={t("station.manual")}>
              <p className="text-sm text-slate-700">{t("station.manualHelp")}</p>
              <div className="grid gap-3 sm:grid-cols-2">
                <label className="block space-y-1">
                  <span className="block font-semibold">{t("station.code")}</span>
                  <input
                    ref={codeRef}
                    name="code"
                    required
                    maxLength={GATE_CODE_MAX}
                    placeholder={CODE_EXAMPLE}
                    autoCapitalize="characters"
                    autoCorrect="off"
                    spellCheck={false}
                    className="min-h-12 w-full rounded-lg border-2 border-slate-400 px-3 font-mono text-xl uppercase"
                  />
                </label>
                <label className="block space-y-1">
                  <span className="block font-semibold">{t("station.vehicle")}</span>
                  <input
                    ref={vehicleRef}
                    name="vehicleNumber"
                    required
                    maxLength={GATE_VEHICLE_MAX}
                    placeholder={VEHICLE_EXAMPLE}
                    autoCapitalize="characters"
                    autoCorrect="off"
                    spellCheck={false}
                    className="min-h-12 w-full rounded-lg border-2 border-slate-400 px-3 font-mono text-xl uppercase"
                  />
                </label>
              </div>
              <button type="submit" className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-900 sm:w-auto">
                {t("station.check")}
              </button>
            </form>
          )}
          {camera && <CameraScanner onDecode={onScan} />}
          <ScannerSettings onDone={focusInput} />
        </div>
        <section aria-labelledby="gate-history-heading" className="rounded-xl border border-slate-200 bg-white">
          <h2 id="gate-history-heading" className="border-b border-slate-200 px-4 py-2 text-base font-semibold">
            {t("station.history")}
          </h2>
          {history.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-600">{t("station.empty")}</p>
          ) : (
            <ol data-testid="gate-history" className="divide-y divide-slate-100">
              {history.map((e) => (
                <li key={e.id} data-verdict={e.outcome.verdict} className="flex gap-3 px-4 py-2 text-sm">
                  <time dateTime={new Date(e.at).toISOString()} className="shrink-0 font-mono text-slate-500 tabular-nums">
                    {formatStationTime(e.at, locale)}
                  </time>
                  <div className="min-w-0 flex-1">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-bold uppercase ${BADGE[e.outcome.verdict]}`}>{e.outcome.title}</span>
                    <p className="font-mono break-all">{e.label}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
