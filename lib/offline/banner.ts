import { ENGLISH, type Words } from "../station";
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

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The banner for `s` (null: nothing to say), in the reader's words (`t`, English by default).
 * `username`: whose scans these are; `now` 0: no clock yet.
 */
export function bannerOf(s: OfflineStatus, username: string, now: number, t: Words = ENGLISH): Banner | null {
  const n = s.waiting;
  const waiting = t("offline.banner.waiting", { count: n });
  if (s.otherUserSignedIn && n > 0) {
    return {
      tone: "attention",
      title: t("offline.banner.otherUser", { waiting }),
      detail: t("offline.banner.otherUserDetail", { user: username }),
      sendNow: false,
      signIn: false,
    };
  }
  if (s.stopped?.kind === "signed_out" && n > 0) {
    return { tone: "attention", title: t("offline.banner.signIn", { count: n }), detail: t("offline.banner.signInDetail"), sendNow: false, signIn: true };
  }
  if (!s.online) {
    return n > 0
      ? { tone: "offline", title: t("offline.banner.offline", { waiting }), detail: t("offline.banner.offlineDetail"), sendNow: true, signIn: false }
      : { tone: "offline", title: t("offline.banner.offlineEmpty"), detail: t("offline.banner.offlineEmptyDetail"), sendNow: false, signIn: false };
  }
  if (s.sending && n > 0) return { tone: "sending", title: t("offline.banner.sending", { count: n }), detail: null, sendNow: false, signIn: false };
  if (n > 0) {
    if (s.stopped?.kind === "retry" && s.stopped.reason === "reload") {
      return { tone: "attention", title: t("offline.banner.reload", { waiting }), detail: t("offline.banner.reloadDetail"), sendNow: false, signIn: false };
    }
    const why = s.stopped?.kind === "retry" ? (s.stopped.reason === "busy" ? "busy" : "unreachable") : "toSend";
    const retry = s.nextRetryAt !== null && now > 0;
    return {
      tone: "attention",
      title: t(`offline.banner.${why}`, { waiting }),
      detail: retry ? t("offline.banner.inOrderRetry", { seconds: seconds((s.nextRetryAt ?? now) - now) }) : t("offline.banner.inOrder"),
      sendNow: true,
      signIn: false,
    };
  }
  if (s.allSent) return { tone: "done", title: t("offline.banner.allSent"), detail: null, sendNow: false, signIn: false };
  return null;
}

/** The line about other users' scans kept on this device (null: none). */
export function othersWaitingLine(s: Pick<OfflineStatus, "othersWaiting">, t: Words = ENGLISH): string | null {
  if (s.othersWaiting <= 0) return null;
  return t("offline.banner.others", { count: s.othersWaiting });
}

export const MEMORY_ONLY_LINE = ENGLISH("offline.banner.memoryOnly");
