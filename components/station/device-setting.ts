import { useCallback, useSyncExternalStore } from "react";

// A station's settings belong to the device (the floor PC or tablet at one place), not to whoever
// signs in there: kept in localStorage, shared by every station page and tab of the device.

const CHANGED = "tracetrack:device-setting";
/** Used when localStorage is unavailable (private mode, policy): remembered for this page only. */
const memory = new Map<string, string | null>();

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

/** The stored string under `key` (null: unset, and always null while rendering on the server) and a setter. */
export function useDeviceSetting(key: string): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const set = useCallback(
    (next: string | null) => {
      try {
        if (next === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        memory.set(key, next);
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [value, set];
}
