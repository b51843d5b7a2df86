import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { queueOwnerAction } from "@/app/(app)/scan/offline/actions";
import { browserOnline, isNetworkFailure } from "@/lib/offline/answers";
import { INITIAL_OFFLINE_STATUS, type OfflineStatus } from "@/lib/offline/banner";
import { createMemoryOfflineStore, type ConflictEntry, type OfflineStore, type QueuedScan } from "@/lib/offline/queue";
import { replayQueue, retryDelayMs, type ReplayRequest, type ReplayRun, type SendResult } from "@/lib/offline/replay";
import { openIdbOfflineStore } from "./idb-store";

/*
 * The offline queue of one signed-in user, for a station: scans it could not send wait in
 * IndexedDB with their keys, and are sent in order when the network returns (the online event,
 * the tab shown again, a retry with backoff, or "Send now"). Only one tab of the browser sends at
 * a time (Web Locks), and only after the server confirms this page's user is the one signed in.
 */

export interface OfflineQueueCallbacks {
  /** A queued scan was sent and answered: the station shows the answer like any other. */
  onSent: (scan: QueuedScan, body: Record<string, unknown>, replayed: boolean) => void;
  /** A queued scan was refused: it is on the conflict list now. */
  onRefused: (conflict: ConflictEntry) => void;
}

export type NewScan = Omit<QueuedScan, "userId" | "scannedAt">;

const CHANNEL = "tracetrack-offline";
const ALL_SENT_SHOWN_MS = 30_000;
/** The replay of the devices's queue for one user: one tab at a time. */
const lockName = (userId: string) => `tracetrack-offline-replay:${userId}`;

async function sendJson(request: ReplayRequest): Promise<SendResult> {
  const res = await fetch(request.url, {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(request.body),
  });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: judged as a server that did not answer as the app does.
  }
  const retryAfter = Number(res.headers.get("Retry-After") ?? Number.NaN);
  return { status: res.status, body, replayedHeader: res.headers.get("Idempotency-Replayed") === "true", ...(Number.isFinite(retryAfter) ? { retryAfterS: retryAfter } : {}) };
}

/** Runs `fn` holding the user's replay lock, or not at all when another tab holds it. */
async function withReplayLock<T>(userId: string, fn: () => Promise<T>): Promise<T | "busy"> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return fn();
  return locks.request(lockName(userId), { ifAvailable: true }, async (lock) => (lock ? fn() : "busy"));
}


export function useOfflineQueue(userId: string, callbacks: OfflineQueueCallbacks) {
  const [status, setStatus] = useState<OfflineStatus>(INITIAL_OFFLINE_STATUS);
  const [items, setItems] = useState<QueuedScan[]>([]);
  const [conflicts, setConflicts] = useState<ConflictEntry[]>([]);
  // What jobs read synchronously: this user's waiting scans as this tab last saw them.
  const itemsRef = useRef<QueuedScan[]>([]);
  // Handed to the store but not written yet: a read of the store meanwhile must not drop them.
  const unsavedRef = useRef<QueuedScan[]>([]);
  const callbacksRef = useRef(callbacks);
  useEffect(() => {
    callbacksRef.current = callbacks;
  }, [callbacks]);

  const storeRef = useRef<Promise<OfflineStore> | null>(null);
  const getStore = useCallback((): Promise<OfflineStore> => {
    storeRef.current ??= openIdbOfflineStore().then((store) => {
      if (store) return store;
      setStatus((s) => ({ ...s, memoryOnly: true }));
      return createMemoryOfflineStore();
    });
    return storeRef.current;
  }, []);

  const channelRef = useRef<BroadcastChannel | null>(null);
  const announce = useCallback(() => channelRef.current?.postMessage({ changed: true }), []);

  const showItems = useCallback((next: QueuedScan[]) => {
    itemsRef.current = next;
    setItems(next);
    setStatus((s) => ({ ...s, waiting: next.length, allSent: next.length > 0 ? false : s.allSent }));
  }, []);

  const refresh = useCallback(async () => {
    const store = await getStore();
    const [pending, kept, others] = await Promise.all([store.pending(userId), store.conflicts(userId), store.othersWaiting(userId)]);
    showItems([...pending, ...unsavedRef.current.filter((u) => !pending.some((p) => p.key === u.key))]);
    setConflicts(kept);
    setStatus((s) => ({ ...s, othersWaiting: others, online: browserOnline() }));
  }, [getStore, showItems, userId]);

  // Replay: one run at a time in this tab; failures space the automatic retries out.
  const runningRef = useRef(false);
  const failuresRef = useRef(0);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const doneTimerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const unmountedRef = useRef(false);
  const replayRef = useRef<() => Promise<void>>(async () => {});
  // Why the last attempt stopped, read by `queue` at once (state would lag a render behind).
  const stoppedRef = useRef<OfflineStatus["stopped"]>(null);
  const setStopped = useCallback((stopped: OfflineStatus["stopped"], extra: Partial<OfflineStatus> = {}) => {
    stoppedRef.current = stopped;
    setStatus((s) => ({ ...s, ...extra, stopped }));
  }, []);

  const scheduleRetry = useCallback((retryAfterMs?: number) => {
    clearTimeout(timerRef.current);
    failuresRef.current += 1;
    const delay = retryDelayMs(failuresRef.current, retryAfterMs);
    setStatus((s) => ({ ...s, nextRetryAt: Date.now() + delay }));
    timerRef.current = setTimeout(() => void replayRef.current(), delay);
  }, []);

  const replay = useCallback(async () => {
    if (runningRef.current || unmountedRef.current) return;
    if (itemsRef.current.length === 0) await refresh();
    if (itemsRef.current.length === 0 || !browserOnline()) return;
    runningRef.current = true;
    clearTimeout(timerRef.current);
    setStatus((s) => ({ ...s, sending: true, nextRetryAt: null }));
    let run: ReplayRun | "busy" | "other_user" = "busy";
    try {
      const store = await getStore();
      run = await withReplayLock(userId, async (): Promise<ReplayRun | "other_user"> => {
        // Who is signed in on this browser now? Never send this user's scans with another's cookie.
        let owner;
        try {
          owner = await queueOwnerAction();
        } catch (err) {
          // No answer at all: offline. Any other failure: this page's actions are not the
          // server's any more (a new version was deployed while it stayed open).
          const reason = isNetworkFailure(err, browserOnline()) ? "network" : "reload";
          return { sent: 0, refused: 0, stopped: { kind: "retry", reason } };
        }
        if (!owner.ok) return { sent: 0, refused: 0, stopped: { kind: "signed_out", code: owner.code, message: owner.message } };
        if (owner.userId !== userId) return "other_user";
        return replayQueue({
          userId,
          store,
          send: sendJson,
          cancelled: () => unmountedRef.current,
          onSent: (scan, body, replayed) => {
            showItems(itemsRef.current.filter((s) => s.key !== scan.key));
            callbacksRef.current.onSent(scan, body, replayed);
          },
          onRefused: (conflict) => {
            showItems(itemsRef.current.filter((s) => s.key !== conflict.key));
            callbacksRef.current.onRefused(conflict);
          },
        });
      });
    } finally {
      runningRef.current = false;
    }
    if (unmountedRef.current) return;
    await refresh();
    announce();
    if (run === "busy") {
      // Another tab is sending: look again shortly.
      setStatus((s) => ({ ...s, sending: false }));
      scheduleRetry();
      return;
    }
    if (run === "other_user") {
      setStopped(null, { sending: false, otherUserSignedIn: true });
      return;
    }
    const { stopped } = run;
    const allSent = stopped === null && run.sent + run.refused > 0 && itemsRef.current.length === 0;
    setStopped(stopped, { sending: false, otherUserSignedIn: false, allSent });
    // "All waiting scans sent" is news for a while, not for the rest of the shift.
    clearTimeout(doneTimerRef.current);
    if (allSent) doneTimerRef.current = setTimeout(() => setStatus((s) => ({ ...s, allSent: false })), ALL_SENT_SHOWN_MS);
    if (stopped?.kind === "retry" && stopped.reason !== "reload") scheduleRetry(stopped.retryAfterMs);
    else failuresRef.current = 0;
  }, [announce, getStore, refresh, scheduleRetry, setStopped, showItems, userId]);

  useEffect(() => {
    replayRef.current = replay;
  }, [replay]);

  /** Keeps a scan in the queue (in the order scans are handed over) and, when online, sends it in turn; false: not kept. */
  const queue = useCallback(
    async (scan: NewScan): Promise<boolean> => {
      const full: QueuedScan = { ...scan, userId, scannedAt: Date.now() };
      // The next job must already see it, before the store has written it.
      unsavedRef.current = [...unsavedRef.current, full];
      showItems([...itemsRef.current.filter((s) => s.key !== full.key), full]);
      try {
        await (await getStore()).add(full);
      } catch {
        // The device refused to store it (full disk, quota): the station says it was not kept.
        showItems(itemsRef.current.filter((s) => s.key !== full.key));
        return false;
      } finally {
        unsavedRef.current = unsavedRef.current.filter((s) => s.key !== full.key);
      }
      announce();
      // While the server is unreachable the retry timer sends it; otherwise it goes now, in turn.
      if (browserOnline() && stoppedRef.current?.kind !== "retry" && !runningRef.current) void replay();
      return true;
    },
    [announce, getStore, replay, showItems, userId],
  );

  /** A direct request found no network: say so, and try again later. */
  const noteUnreachable = useCallback(() => {
    setStopped({ kind: "retry", reason: "network" }, { online: browserOnline() });
    if (!runningRef.current) scheduleRetry();
  }, [scheduleRetry, setStopped]);

  const sendNow = useCallback(() => {
    failuresRef.current = 0;
    setStatus((s) => ({ ...s, online: browserOnline() }));
    void replay();
  }, [replay]);

  const clearConflict = useCallback(
    async (id: number) => {
      await (await getStore()).clearConflict(userId, id);
      await refresh();
      announce();
    },
    [announce, getStore, refresh, userId],
  );
  const clearAllConflicts = useCallback(async () => {
    await (await getStore()).clearConflicts(userId);
    await refresh();
    announce();
  }, [announce, getStore, refresh, userId]);

  useEffect(() => {
    unmountedRef.current = false;
    const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    channelRef.current = channel;
    if (channel) channel.onmessage = () => void refresh();
    const onOnline = () => {
      failuresRef.current = 0;
      setStatus((s) => ({ ...s, online: true }));
      void replayRef.current();
    };
    const onOffline = () => setStatus((s) => ({ ...s, online: false }));
    const onVisible = () => {
      if (document.visibilityState === "visible" && browserOnline()) void replayRef.current();
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    document.addEventListener("visibilitychange", onVisible);
    // What waits from before (a reload, yesterday's shift) goes out now, if it can.
    void refresh().then(() => replayRef.current());
    return () => {
      unmountedRef.current = true;
      clearTimeout(timerRef.current);
      clearTimeout(doneTimerRef.current);
      channel?.close();
      channelRef.current = null;
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh]);

  /** Scans must wait behind the queue (order), or the browser knows it is offline. */
  const mustQueue = useCallback(() => itemsRef.current.length > 0 || !browserOnline(), []);
  const waitingNow = useCallback(() => itemsRef.current, []);

  return useMemo(
    () => ({ status, items, conflicts, queue, mustQueue, waitingNow, noteUnreachable, sendNow, clearConflict, clearAllConflicts }),
    [status, items, conflicts, queue, mustQueue, waitingNow, noteUnreachable, sendNow, clearConflict, clearAllConflicts],
  );
}
