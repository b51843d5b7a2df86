// What the scan station and the bill station share: outcome states, the history list, the
// camera's repeat filter. Plain values, usable on the server and in the browser.

/** "queued": the station could only queue the scan (offline); its answer is provisional. */
export type FeedbackState = "idle" | "ok" | "duplicate" | "error" | "complete" | "undone" | "queued";

export interface HistoryEntry {
  id: number;
  at: number;
  qr: string;
  state: Exclude<FeedbackState, "idle">;
  message: string;
  /** The server's answer to a scan that waited in the offline queue (sent later). */
  replayed?: boolean;
}

export const HISTORY_LENGTH = 10;

/**
 * Drops a code seen again within `windowMs` of its last sighting, so a camera held over one
 * label does not rescan it; a different code always passes.
 */
export function createRepeatFilter(windowMs: number): (text: string, now: number) => boolean {
  let last: { text: string; at: number } | null = null;
  return (text, now) => {
    const repeat = last !== null && last.text === text && now - last.at < windowMs;
    last = { text, at: now };
    return !repeat;
  };
}
