import type { IScannerControls } from "@zxing/browser";
import { useEffect, useRef, useState } from "react";
import { createRepeatFilter } from "@/lib/station";
import { useWords } from "./use-words";

// A camera held over one label keeps decoding it; the same code is ignored for this long.
const REPEAT_WINDOW_MS = 2000;

/** Why the camera could not start, as its message key (station.camera.*). */
type CameraProblem = "insecure" | "refused" | "missing" | "busy" | "failed";

function cameraProblemOf(err: unknown): CameraProblem {
  const name = err instanceof Error ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "refused";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
  if (name === "NotReadableError") return "busy";
  return "failed";
}

/**
 * Live camera preview that decodes QR labels (zxing, bundled by the app and loaded only when the
 * camera is switched on) and hands each new code to `onDecode`, the same path as the keyboard.
 */
export function CameraScanner({ onDecode }: { onDecode: (text: string) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onDecodeRef = useRef(onDecode);
  const t = useWords("station");
  const [status, setStatus] = useState<{ kind: "starting" | "running" } | { kind: "error"; problem: CameraProblem }>({ kind: "starting" });

  useEffect(() => {
    onDecodeRef.current = onDecode;
  }, [onDecode]);

  useEffect(() => {
    let controls: IScannerControls | null = null;
    let cancelled = false;
    const accept = createRepeatFilter(REPEAT_WINDOW_MS);
    async function start() {
      if (!navigator.mediaDevices?.getUserMedia) {
        setStatus({ kind: "error", problem: "insecure" });
        return;
      }
      try {
        const { BrowserQRCodeReader } = await import("@zxing/browser");
        const video = videoRef.current;
        if (cancelled || !video) return;
        const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 120, delayBetweenScanSuccess: 300 });
        const started = await reader.decodeFromConstraints(
          { video: { facingMode: { ideal: "environment" } }, audio: false },
          video,
          (result) => {
            const text = result?.getText();
            if (text && accept(text, Date.now())) onDecodeRef.current(text);
          },
        );
        if (cancelled) {
          started.stop();
          return;
        }
        controls = started;
        setStatus({ kind: "running" });
      } catch (err) {
        if (!cancelled) setStatus({ kind: "error", problem: cameraProblemOf(err) });
      }
    }
    void start();
    return () => {
      cancelled = true;
      controls?.stop();
    };
  }, []);

  return (
    <div className="space-y-2" data-testid="camera-panel">
      <div className="relative mx-auto aspect-[4/3] w-full max-w-md overflow-hidden rounded-lg bg-slate-900">
        <video ref={videoRef} className="h-full w-full object-cover" muted playsInline aria-label={t("camera.preview")} />
        {/* A square guide: labels decode fastest when they fill most of it. */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-[15%] rounded-md border-4 border-white/70" />
      </div>
      <p className="text-center text-sm text-slate-700" role="status">
        {status.kind === "starting" && t("camera.starting")}
        {status.kind === "running" && t("camera.running")}
        {status.kind === "error" && <span className="font-semibold text-red-800">{t(`camera.${status.problem}`)}</span>}
      </p>
    </div>
  );
}
