import { scansWord } from "./queue";
import type { ReplayStop } from "./replay";

// The station's offline banner in words, from the queue's state. Pure, so it is unit-tested.

export interface OfflineStatus {
  /** The browser says it is online (navigator.onLine); an unreachable server shows as `stopped`. */
  online: boolean;
  /** This user's scans waiting to be sent. */
  waiting: number;
  sending: boolean;
  /** Why the last run stopped short (null: it emptied the queue, or none ran yet). */
  stopped: ReplayStop | null;
  /** The last run emptied the queue (after sending at least one scan). */
  allSent: boolean;
  /** When the next automatic attempt runs (ms since epoch), if one is planned. */
  nextRetryAt: number | null;
  /** Another user is signed in on this browser now: this page's queue is kept aside. */
  otherUserSignedIn: boolean;
  /** Scans of other users waiting on this device. */
  othersWaiting: number;
  /** IndexedDB was refused: the queue lives in this tab's memory only. */
  memoryOnly: boolean;
}

export const INITIAL_OFFLINE_STATUS: OfflineStatus = {
  online: true,
  waiting: 0,
  sending: false,
  stopped: null,
  allSent: false,
  nextRetryAt: null,
  otherUserSignedIn: false,
  othersWaiting: 0,
  memoryOnly: false,
};

export type BannerTone = "offline" | "sending" | "attention" | "done";

export interface Banner {
  tone: BannerTone;
  title: string;
  detail: string | null;
  /** Offer "Send now". */
  sendNow: boolean;
  /** Offer a link to sign in again. */
  signIn: boolean;
}

const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`;

/** The banner for `s` (null: nothing to say). `username`: whose scans these are; `now` 0: no clock yet. */
export function bannerOf(s: OfflineStatus, username: string, now: number): Banner | null {
  const n = s.waiting;
  const waitingWords = `${scansWord(n)} waiting`;
  if (s.otherUserSignedIn && n > 0) {
    return {
      tone: "attention",
      title: `Another user is signed in on this browser — ${waitingWords}`,
      detail: `These scans were made by ${username} and are kept aside: sign out, then sign in as ${username} to send them.`,
      sendNow: false,
      signIn: false,
    };
  }
  if (s.stopped?.kind === "signed_out" && n > 0) {
    return {
      tone: "attention",
      title: `Sign in again to send ${n} waiting scan${n === 1 ? "" : "s"}`,
      detail: "They stay on this device, in order, until you do.",
      sendNow: false,
      signIn: true,
    };
  }
  if (!s.online) {
    return n > 0
      ? { tone: "offline", title: `Offline — ${waitingWords}`, detail: "They are kept on this device and sent in order when the network returns.", sendNow: true, signIn: false }
      : { tone: "offline", title: "Offline — scans will wait on this device", detail: "Answers are provisional until the network returns.", sendNow: false, signIn: false };
  }
  if (s.sending && n > 0) return { tone: "sending", title: `Sending ${n} waiting scan${n === 1 ? "" : "s"}…`, detail: null, sendNow: false, signIn: false };
  if (n > 0) {
    const retry = s.nextRetryAt !== null && now > 0 ? ` Trying again in ${seconds(s.nextRetryAt - now)}.` : "";
    if (s.stopped?.kind === "retry" && s.stopped.reason === "reload") {
      return { tone: "attention", title: `${waitingWords} — reload this page to send them`, detail: "The app was updated since this page was opened.", sendNow: false, signIn: false };
    }
    const why = s.stopped?.kind === "retry" ? (s.stopped.reason === "busy" ? "the server is busy" : "the server could not be reached") : null;
    return {
      tone: "attention",
      title: why ? `${waitingWords} — ${why}` : `${waitingWords} to be sent`,
      detail: `They are sent in order.${retry}`,
      sendNow: true,
      signIn: false,
    };
  }
  if (s.allSent) return { tone: "done", title: "All waiting scans sent", detail: null, sendNow: false, signIn: false };
  return null;
}

/** The line about other users' scans kept on this device (null: none). */
export function othersWaitingLine(s: Pick<OfflineStatus, "othersWaiting">): string | null {
  if (s.othersWaiting <= 0) return null;
  return `${scansWord(s.othersWaiting)} of another user ${s.othersWaiting === 1 ? "waits" : "wait"} on this device: they are sent when that user signs in here again.`;
}

export const MEMORY_ONLY_LINE = "This browser refused to store the queue: waiting scans are lost if this page is closed or reloaded.";
