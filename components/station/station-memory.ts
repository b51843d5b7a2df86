import { useMemo } from "react";
import { classifyQr } from "@/lib/qr";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "@/lib/station";

/*
 * What a station remembers across a reload or a sign-out → sign-in in the same tab: the current
 * parent (re-checked by the server on return) and the last-10 list, one JSON value per user and
 * station. Kept in sessionStorage: the hourly sign-out comes back in the same tab, while a shared
 * floor PC keeps nothing once its tab or browser closes (the session cookie ends there too); the
 * header's explicit Sign out also wipes it (forgetAllStationMemory).
 */

export interface StationMemory {
  parentQr: string | null;
  history: HistoryEntry[];
}

/** Both stations' keys start with one of these (the scan page's is `tracetrack:scan-parent:<user id>`). */
export const STATION_MEMORY_PREFIXES = ["tracetrack:scan-parent:", "tracetrack:bill-station:"] as const;

/** Above this a stored value is not read (and a new one is written shorter): about 10 entries at their longest. */
export const MAX_MEMORY_CHARS = 16_384;
const MAX_QR_CHARS = 300;
const MAX_MESSAGE_CHARS = 1_000;
const STATES: ReadonlySet<string> = new Set(["ok", "duplicate", "error", "complete", "undone", "queued"] satisfies Exclude<FeedbackState, "idle">[]);

/** The bill station's key: per signed-in user (username: the page has no id here) and bill. */
export function billStationKey(username: string, billNumber: string): string {
  return `${STATION_MEMORY_PREFIXES[1]}${username}:${billNumber.toUpperCase()}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function toEntry(v: unknown): HistoryEntry | null {
  if (!isRecord(v)) return null;
  const { id, at, qr, state, message, replayed } = v;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) return null;
  if (typeof at !== "number" || !Number.isFinite(at) || at < 0) return null;
  if (typeof qr !== "string" || qr.length > MAX_QR_CHARS) return null;
  if (typeof state !== "string" || !STATES.has(state)) return null;
  if (typeof message !== "string" || message.length > MAX_MESSAGE_CHARS) return null;
  return { id, at, qr, state: state as HistoryEntry["state"], message, ...(replayed === true ? { replayed } : {}) };
}

/** A stored value back to a memory, or null for anything missing, oversized or not of this shape. */
export function parseStationMemory(raw: string | null): StationMemory | null {
  if (!raw || raw.length > MAX_MEMORY_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || !Array.isArray(value.history) || value.history.length > HISTORY_LENGTH) return null;
  const parentQr = value.parentQr === null ? null : typeof value.parentQr === "string" ? value.parentQr : undefined;
  if (parentQr === undefined || (parentQr !== null && classifyQr(parentQr).kind !== "parent")) return null;
  const history: HistoryEntry[] = [];
  for (const item of value.history) {
    const entry = toEntry(item);
    // One bad or repeated entry means the value is not ours as written: keep none of it.
    if (!entry || history.some((e) => e.id === entry.id)) return null;
    history.push(entry);
  }
  return { parentQr, history };
}

/** The value to store, dropping the oldest entries until it fits; null when there is nothing to keep. */
export function serializeStationMemory(memory: StationMemory): string | null {
  let history = memory.history
    .slice(0, HISTORY_LENGTH)
    .map((e) => ({ ...e, qr: e.qr.slice(0, MAX_QR_CHARS), message: e.message.slice(0, MAX_MESSAGE_CHARS) }));
  for (;;) {
    if (!memory.parentQr && history.length === 0) return null;
    const raw = JSON.stringify({ parentQr: memory.parentQr, history });
    if (raw.length <= MAX_MEMORY_CHARS) return raw;
    history = history.slice(0, -1);
  }
}

/**
 * A station state with the remembered list put back (only into a station that has none yet);
 * the feedback counter continues past the remembered ids, so new entries never repeat one.
 */
export function withRememberedHistory<S extends { feedback: { seq: number }; history: HistoryEntry[] }>(state: S, history: HistoryEntry[]): S {
  if (state.history.length > 0 || history.length === 0) return state;
  const seq = Math.max(state.feedback.seq, ...history.map((e) => e.id));
  return { ...state, history, feedback: { ...state.feedback, seq } };
}

/** Resuming the remembered parent is not a scan: the list stays as it was, unless the resume was refused. */
export function afterResume<S extends { feedback: { state: FeedbackState }; history: HistoryEntry[] }>(before: S, after: S): S {
  return after.feedback.state === "error" ? after : { ...after, history: before.history };
}

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface StationMemoryStore {
  /** What was remembered under this key (null: nothing usable). Its parent counts as kept until `forgetParent`. */
  load(): StationMemory | null;
  /** Remembers the station; a parent still being resumed is kept while the station shows none. */
  save(parentQr: string | null, history: HistoryEntry[]): void;
  /** The server refused the remembered parent: stop resuming it. */
  forgetParent(): void;
}

/**
 * One station's memory under `key`. Storage errors (private mode, quota, a policy) only cost
 * the memory. `storage` is looked up on use, so this can be made while rendering on the server.
 */
export function createStationMemory(storage: () => StorageLike, key: string): StationMemoryStore {
  // What the tab holds under `key`, as far as this station knows, and the parent being resumed.
  let stored: StationMemory = { parentQr: null, history: [] };
  let resuming: string | null = null;
  const write = (memory: StationMemory) => {
    stored = memory;
    const raw = serializeStationMemory(memory);
    try {
      if (raw === null) storage().removeItem(key);
      else storage().setItem(key, raw);
    } catch {
      // Full or refused: the station goes on, it just will not be remembered.
    }
  };
  return {
    load() {
      let raw: string | null = null;
      try {
        raw = storage().getItem(key);
      } catch {
        return null;
      }
      const memory = parseStationMemory(raw);
      stored = memory ?? { parentQr: null, history: [] };
      resuming = memory?.parentQr ?? null;
      return memory;
    },
    save(parentQr, history) {
      if (parentQr) resuming = null;
      // A station's list only grows: an empty one has not been put back yet, so it replaces nothing.
      write({ parentQr: parentQr ?? resuming, history: history.length > 0 ? history : stored.history });
    },
    forgetParent() {
      resuming = null;
      write({ ...stored, parentQr: null });
    },
  };
}

/** The station memory of this tab under `key` (one object per key, stable across renders). */
export function useStationMemory(key: string): StationMemoryStore {
  return useMemo(() => createStationMemory(() => window.sessionStorage, key), [key]);
}

/** Explicit sign-out: nothing a station remembered stays in this tab for the next person. */
export function forgetAllStationMemory(storage: Pick<Storage, "length" | "key" | "removeItem">): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && STATION_MEMORY_PREFIXES.some((p) => key.startsWith(p))) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/** The header's Sign out: this tab forgets every station (where storage is refused, nothing was kept). */
export function forgetStationsInThisTab(): void {
  try {
    forgetAllStationMemory(window.sessionStorage);
  } catch {
    // Storage refused: there is nothing to forget.
  }
}
