import { createTranslator } from "next-intl";
import type { Messages } from "@/i18n/messages";
import enCommon from "@/messages/en/common.json";
import enErrorsGate from "@/messages/en/errors/gate.json";
import enErrorsScan from "@/messages/en/errors/scan.json";
import enGate from "@/messages/en/gate.json";
import enOffline from "@/messages/en/offline.json";
import enScan from "@/messages/en/scan.json";
import enStation from "@/messages/en/station.json";
import { displayQr, type QrClass } from "./qr";

// What the scan station and the bill station share: outcome states, the history list, the
// camera's repeat filter, the words their pure code speaks with. Plain values, usable on the
// server and in the browser.

/**
 * next-intl's translator over all messages (`useTranslations()` without a namespace): what the
 * stations' pure code (state machines, offline answers, advice) words its messages with, so the
 * reader's language reaches them as an argument and their unit tests keep their English default.
 */
export type Words = ReturnType<typeof createTranslator<Messages, never>>;

/** The stations' messages in English: only their own namespaces, not every page's. */
export const STATION_ENGLISH_MESSAGES = {
  common: enCommon,
  scan: enScan,
  station: enStation,
  offline: enOffline,
  gate: enGate,
  errors: { ...enErrorsScan, ...enErrorsGate },
} as unknown as Messages;

/** English words: the default of every pure station function, so callers without a reader speak as before. */
export const ENGLISH: Words = createTranslator({ locale: "en", messages: STATION_ENGLISH_MESSAGES });

const INVALID_QR_KEYS = ["scan_invalid_qr_empty", "scan_invalid_qr_label_text", "scan_invalid_qr_parent_like", "scan_invalid_qr_not_a_label"] as const;

/**
 * What classifyQr said of an invalid label, as a message under `errors` with its values, so it
 * can be said in any language: the template whose English is exactly classifyQr's sentence
 * (null if none is: the caller keeps the English).
 */
export function invalidQrText(label: Extract<QrClass, { kind: "invalid" }>): { key: (typeof INVALID_QR_KEYS)[number]; values: { qr: string } } | null {
  const values = { qr: displayQr(label.qr) };
  const key = INVALID_QR_KEYS.find((k) => ENGLISH(`errors.${k}`, values) === label.message);
  return key ? { key, values } : null;
}

/** classifyQr's refusal of an invalid label in the reader's words. */
export function invalidQrMessage(label: Extract<QrClass, { kind: "invalid" }>, t: Words = ENGLISH): string {
  const text = invalidQrText(label);
  return text ? t(`errors.${text.key}`, text.values) : label.message;
}

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
