import { useCallback, useEffect, useRef } from "react";

const INTERACTIVE = "a, button, input, select, textarea, label, summary, video, dialog, [contenteditable]";

/** Another text field has the user's attention (e.g. the header lookup): don't steal it. */
function otherFieldFocused(own: HTMLInputElement): boolean {
  const active = document.activeElement;
  if (!active || active === own || active === document.body) return false;
  return active.matches("input:not([type=button]):not([type=submit]):not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]");
}

/**
 * Keeps a station's scan input focused, so a keyboard-wedge scan always lands in it: on mount,
 * when the window regains focus, after a click on anything not interactive, and whenever the
 * station calls `focusInput` (after each result). `paused` may hold it off (e.g. camera on a phone).
 */
export function useStationFocus(paused?: () => boolean) {
  const inputRef = useRef<HTMLInputElement>(null);
  const pausedRef = useRef(paused);
  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  const focusInput = useCallback(() => {
    const el = inputRef.current;
    if (!el || otherFieldFocused(el) || pausedRef.current?.()) return;
    el.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest(INTERACTIVE)) focusInput();
    };
    document.addEventListener("click", onClick);
    window.addEventListener("focus", focusInput);
    focusInput();
    return () => {
      document.removeEventListener("click", onClick);
      window.removeEventListener("focus", focusInput);
    };
  }, [focusInput]);

  return { inputRef, focusInput };
}
