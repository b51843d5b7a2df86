import { useCallback, useEffect, useRef, useState } from "react";
import type { FeedbackState } from "@/lib/station";
import { cameraCoversInput } from "./camera-toggle";
import { flashOutcome } from "./outcome-style";
import { useStationFocus } from "./use-station-focus";

/**
 * What both stations (packing and bill loading) wire up the same way: the camera switch, the
 * always-focused input (paused while the camera covers it), and `signal`, which flashes an
 * outcome's colour and takes focus back after every answer.
 */
export function useStationShell() {
  const flashRef = useRef<HTMLDivElement>(null);
  const [camera, setCamera] = useState(false);
  const cameraRef = useRef(camera);
  useEffect(() => {
    cameraRef.current = camera;
  }, [camera]);
  const paused = useCallback(() => cameraCoversInput(cameraRef.current), []);
  const { inputRef, focusInput } = useStationFocus(paused);
  const signal = useCallback(
    (state: FeedbackState) => {
      flashOutcome(flashRef.current, state);
      focusInput();
    },
    [focusInput],
  );
  const toggleCamera = useCallback(() => setCamera((on) => !on), []);
  return { flashRef, camera, toggleCamera, inputRef, focusInput, signal };
}
