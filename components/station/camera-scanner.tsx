import type { IScannerControls } from "@zxing/browser";
import { useEffect, useRef, useState } from "react";
import { createRepeatFilter } from "@/lib/station";

// A camera held over one label keeps decoding it; the same code is ignored for this long.
const REPEAT_WINDOW_MS = 2000;

function cameraErrorMessage(err: unknown): string {
  const name = err instanceof Error ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "Camera permission was refused. Allow the camera for this site, or use the scanner.";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No camera was found on this device.";
  if (name === "NotReadableError") return "The camera is busy in another app. Close it and try again.";
  return "The camera could not be started. Use the scanner or type the label.";
}

/**
 * Live camera preview that decodes QR labels (zxing, bundled by the app and loaded only when the
 * camera is switched on) and hands each new code to `onDecode`, the same path as the keyboard.
 */
export function CameraScanner({ onDecode }: { onDecode: (text: string) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onDecodeRef = useRef(onDecode);
  const [status, setStatus] = useState<{ kind: "starting" | "running" } | { kind: "error"; message: string }>({ kind: "starting" });

  useEffect(() => {
    onDecodeRef.current = onDecode;
  }, [onDecode]);

  useEffect(() => {
    let controls: IScannerControls | null = null;
    let cancelled = false;
    const accept = createRepeatFilter(REPEAT_WINDOW_MS);
    async function start() {
      if (!navigator.mediaDevices?.getUserMedia) {
        setStatus({ kind: "error", message: "The camera needs a secure (https) connection. Use the scanner or type the label." });
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
        if (!cancelled) setStatus({ kind: "error", message: cameraErrorMessage(err) });
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
        <video ref={videoRef} className="h-full w-full object-cover" muted playsInline aria-label="Camera preview" />
        {/* A square guide: labels decode fastest when they fill most of it. */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-[15%] rounded-md border-4 border-white/70" />
      </div>
      <p className="text-center text-sm text-slate-700" role="status">
        {status.kind === "starting" && "Starting the camera…"}
        {status.kind === "running" && "Hold a label inside the frame. Each new code is scanned once."}
        {status.kind === "error" && <span className="font-semibold text-red-800">{status.message}</span>}
      </p>
    </div>
  );
}
