// How a station's scan input reads a keyboard-wedge scanner: which keys end a scan, and when a
// scan that ends with no key at all is complete. Pure (no DOM, no timers), so it is unit-tested.

/** Keys closer together than this came from a scanner, not a person. */
export const SCANNER_KEY_GAP_MS = 30;
/** A burst shorter than this is never submitted on a pause (a person's stray keys). */
export const MIN_SCANNER_BURST = 4;
/** After a Tab or Enter submitted a scan, a terminator this soon after is the same scan's. */
export const TERMINATOR_ECHO_MS = 300;

/** The pause that ends a scan sent without a terminator; 0 turns it off. */
export const IDLE_SUBMIT_CHOICES = [0, 50, 100, 200, 300] as const;
export type IdleSubmitMs = (typeof IDLE_SUBMIT_CHOICES)[number];
export const DEFAULT_IDLE_SUBMIT_MS: IdleSubmitMs = 100;

export function parseIdleSubmitMs(stored: string | null): IdleSubmitMs {
  const n = Number(stored);
  return stored !== null && stored.trim() !== "" && IDLE_SUBMIT_CHOICES.some((c) => c === n) ? (n as IdleSubmitMs) : DEFAULT_IDLE_SUBMIT_MS;
}

export type KeyAction = "submit" | "clear" | "swallow" | "default";

/**
 * What a key does in the scan input ("default": the browser's own, so Enter submits the form).
 * Tab ends a scan like Enter and must not move the focus, or the next scan's keys land elsewhere;
 * with nothing typed it still moves the focus (keyboard users), unless it follows a scan just
 * submitted (a scanner's Tab arriving after a pause-submit).
 */
export function actionForKey(key: string, input: { empty: boolean; shift: boolean; msSinceSubmit: number }): KeyAction {
  if (key === "Escape") return "clear";
  if (key === "Tab" && !input.shift) {
    if (!input.empty) return "submit";
    return input.msSinceSubmit < TERMINATOR_ECHO_MS ? "swallow" : "default";
  }
  return "default";
}

/** The characters typed since the input was last empty, and whether all came at scanner speed. */
export interface Burst {
  keys: number;
  lastAt: number;
  scannerSpeed: boolean;
}
export const EMPTY_BURST: Burst = { keys: 0, lastAt: 0, scannerSpeed: true };

/** A printable key (one character) typed at `at` ms. */
export function addKey(burst: Burst, at: number): Burst {
  if (burst.keys === 0) return { keys: 1, lastAt: at, scannerSpeed: true };
  return { keys: burst.keys + 1, lastAt: at, scannerSpeed: burst.scannerSpeed && at - burst.lastAt < SCANNER_KEY_GAP_MS };
}

/** Whether a key is a character the input takes (not Shift, Tab, arrows, or a shortcut). */
export function isCharacterKey(key: string, withModifier: boolean): boolean {
  return key.length === 1 && !withModifier;
}

/**
 * Whether a pause may end this burst: only at least MIN_SCANNER_BURST keys, all at scanner speed,
 * so a person typing slowly never has half a code submitted.
 */
export function isScannerBurst(burst: Burst): boolean {
  return burst.keys >= MIN_SCANNER_BURST && burst.scannerSpeed;
}
