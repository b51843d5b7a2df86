import { adviceFor } from "./advice";
import type { ConflictEntry, OfflineStore, QueuedScan } from "./queue";

// Sending the offline queue: strictly in order, one scan at a time, each through its JSON route
// with the key it was made with (a scan that may already have landed is answered from the
// server's record, not done twice). How each answer is judged decides what happens next: sent
// (next one), refused (onto the conflict list, next one), signed out or retry later (stop).

export interface ReplayRequest {
  url: string;
  body: Record<string, unknown>;
}

/** The JSON route and body that send one queued scan (DESIGN.md §6, with `idempotencyKey`). */
export function replayRequest(scan: QueuedScan): ReplayRequest {
  const idempotencyKey = scan.key;
  switch (scan.kind) {
    case "parent":
      return { url: "/api/scan/parent", body: { qr: scan.qr, ...(scan.area ? { area: scan.area } : {}), idempotencyKey } };
    case "child":
      return { url: "/api/scan/child", body: { parentQr: scan.parentQr ?? "", qr: scan.qr, idempotencyKey } };
    case "bill_parent":
      return { url: `/api/bills/${encodeURIComponent(scan.billNumber ?? "")}/parents`, body: { qr: scan.qr, idempotencyKey } };
  }
}

/** What came back for one request (the caller's fetch throws when nothing came back at all). */
export interface SendResult {
  status: number;
  /** The parsed JSON body, or null when it was not JSON. */
  body: unknown;
  /** The Idempotency-Replayed header was "true". */
  replayedHeader?: boolean;
  /** Retry-After, in seconds, when sent. */
  retryAfterS?: number;
}

export type Verdict =
  | { kind: "sent"; body: Record<string, unknown>; replayed: boolean }
  | { kind: "refused"; code: string; message: string }
  | { kind: "signed_out"; code: string; message: string }
  | { kind: "retry"; reason: "network" | "server" | "busy"; retryAfterMs?: number };

/** Forbidden answers that are about the bag, not the person: they go on the conflict list. */
const BAG_REFUSALS_403 = new Set(["wrong_area", "no_area"]);
/** Conflicts that say "try again": a race on the same bag, not a refusal. */
const TRANSIENT_CODES = new Set(["scan_conflict"]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function errorOf(body: unknown): { code: string; message: string } | null {
  const error = isRecord(body) ? body.error : null;
  if (!isRecord(error) || typeof error.code !== "string") return null;
  return { code: error.code, message: typeof error.message === "string" ? error.message : error.code };
}

/** Judges one answer of a JSON scan route. */
export function judgeResponse(r: SendResult): Verdict {
  const error = errorOf(r.body);
  if (r.status >= 200 && r.status < 300) {
    // A 2xx that is not our JSON (a captive portal's page, a proxy's) did not reach the app.
    if (!isRecord(r.body) || error) return { kind: "retry", reason: "server" };
    return { kind: "sent", body: r.body, replayed: r.body.replayed === true || r.replayedHeader === true };
  }
  const retryAfterMs = r.retryAfterS !== undefined && Number.isFinite(r.retryAfterS) ? Math.max(0, r.retryAfterS) * 1000 : undefined;
  if (r.status === 429) return { kind: "retry", reason: "busy", ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (r.status >= 500 || r.status === 408 || !error) return { kind: "retry", reason: "server", ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (r.status === 401) return { kind: "signed_out", ...error };
  if (r.status === 403 && !BAG_REFUSALS_403.has(error.code)) return { kind: "signed_out", ...error };
  if (TRANSIENT_CODES.has(error.code)) return { kind: "retry", reason: "busy" };
  return { kind: "refused", ...error };
}

/** How long to wait before the next automatic attempt: 5 s, 10 s, 20 s, 40 s, then every 60 s. */
export function retryDelayMs(failedAttempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(60_000, 5_000 * 2 ** Math.max(0, failedAttempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** The conflict list's entry for a refused scan. */
export function toConflict(scan: QueuedScan, refusal: { code: string; message: string }, refusedAt: number): ConflictEntry {
  return {
    userId: scan.userId,
    key: scan.key,
    kind: scan.kind,
    qr: scan.qr,
    ...(scan.parentQr ? { parentQr: scan.parentQr } : {}),
    ...(scan.billNumber ? { billNumber: scan.billNumber } : {}),
    scannedAt: scan.scannedAt,
    refusedAt,
    code: refusal.code,
    message: refusal.message,
    advice: adviceFor(refusal.code, scan),
  };
}

/** Why a run stopped short; "reload": this page is older than the server (a new version), so it must be loaded again. */
export type ReplayStop =
  | { kind: "signed_out"; code: string; message: string }
  | { kind: "retry"; reason: "network" | "server" | "busy" | "reload"; retryAfterMs?: number };

export interface ReplayRun {
  sent: number;
  refused: number;
  /** Why the run ended before the queue was empty; null when it was emptied. */
  stopped: ReplayStop | null;
}

export interface ReplayOptions {
  userId: string;
  store: OfflineStore;
  /** Sends one request; throws when the network gave no answer at all. */
  send: (request: ReplayRequest) => Promise<SendResult>;
  onSent?: (scan: QueuedScan, body: Record<string, unknown>, replayed: boolean) => void;
  onRefused?: (conflict: ConflictEntry) => void;
  /** Asked before each request: true ends the run quietly (the page is going away). */
  cancelled?: () => boolean;
  now?: () => number;
}

/**
 * Sends this user's queue, oldest first, until it is empty or an answer says stop. The queue is
 * read again before each request, so scans queued while it runs are sent in their turn.
 */
export async function replayQueue(options: ReplayOptions): Promise<ReplayRun> {
  const { userId, store, send, now = Date.now } = options;
  const run: ReplayRun = { sent: 0, refused: 0, stopped: null };
  for (;;) {
    if (options.cancelled?.()) return run;
    const [scan] = await store.pending(userId);
    if (!scan) return run;
    let verdict: Verdict;
    try {
      verdict = judgeResponse(await send(replayRequest(scan)));
    } catch {
      verdict = { kind: "retry", reason: "network" };
    }
    if (verdict.kind === "sent") {
      await store.remove(scan.key);
      run.sent += 1;
      options.onSent?.(scan, verdict.body, verdict.replayed);
    } else if (verdict.kind === "refused") {
      const conflict = toConflict(scan, verdict, now());
      await store.moveToConflicts(conflict);
      run.refused += 1;
      options.onRefused?.(conflict);
    } else {
      run.stopped = verdict;
      return run;
    }
  }
}
