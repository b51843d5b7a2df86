import { unlockAudio } from "./feedback-signals";
import { useWords } from "./use-words";

/** With the camera on a touch device the on-screen keyboard would cover the preview. */
export function cameraCoversInput(cameraOn: boolean): boolean {
  return cameraOn && window.matchMedia("(pointer: coarse)").matches;
}

/** Switches a station's camera input on and off (a pressed toggle, not two buttons). */
export function CameraToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  const t = useWords("station");
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => {
        unlockAudio();
        onToggle();
      }}
      className="min-h-12 flex-1 rounded-lg border-2 border-brand-700 bg-white px-4 text-lg font-semibold text-brand-900 hover:bg-brand-50 sm:flex-none"
    >
      {t(on ? "camera.stop" : "camera.start")}
    </button>
  );
}
