// When to warn about and end a session, from how much time the SERVER says is left (so a
// wrong client clock changes nothing). Pure, so it is unit-tested.

export interface SessionStatus {
  /** ms until the idle timeout, measured on the server. */
  idleRemainingMs: number;
  /** ms until the absolute lifetime ends; activity cannot move this. */
  absoluteRemainingMs: number;
}

export const WARNING_LEAD_MS = 3 * 60_000;

export interface SessionPlan {
  /** ms from now until the session ends, whichever limit comes first. */
  endsInMs: number;
  /** ms from now until the warning should show (0 = now). */
  warnInMs: number;
  /** "absolute": staying active cannot help, only signing in again. */
  reason: "idle" | "absolute";
}

/** Warn 3 minutes before the end, or half-way through an idle timeout shorter than 6 minutes. */
export function planSession(status: SessionStatus, idleMs: number): SessionPlan {
  const absoluteFirst = status.absoluteRemainingMs <= status.idleRemainingMs;
  const endsInMs = Math.max(0, Math.min(status.idleRemainingMs, status.absoluteRemainingMs));
  const lead = Math.min(WARNING_LEAD_MS, Math.max(1000, idleMs / 2));
  return { endsInMs, warnInMs: Math.max(0, endsInMs - lead), reason: absoluteFirst ? "absolute" : "idle" };
}

/** "2:05" */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export interface SessionView {
  phase: "quiet" | "warning";
  reason: SessionPlan["reason"];
  /** Client clock (Date.now()) when the session ends, and when this view was made. */
  endsAt: number;
  at: number;
}

export interface SessionWatcherOptions {
  idleMs: number;
  /** Asks the server how long is left; null = no session any more. */
  fetchStatus: () => Promise<SessionStatus | null>;
  onView: (view: SessionView) => void;
  onEnd: () => void;
  now?: () => number;
}

export interface SessionWatcher {
  start(initial: SessionStatus): void;
  recheck(): Promise<void>;
  /** Runs "stay signed in" (or any call answering a fresh status) and follows its answer. */
  extend(call: () => Promise<SessionStatus | null>): Promise<void>;
  stop(): void;
}

const RETRY_OFFLINE_MS = 15_000;

/**
 * The timing behind the expiry warning, outside React: timers wake it shortly before the warning
 * and at the end, and each time it asks the server again (activity elsewhere slides the expiry).
 */
export function createSessionWatcher(options: SessionWatcherOptions): SessionWatcher {
  const now = options.now ?? Date.now;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let stopped = false;
  const clear = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };
  const later = (fn: () => void, ms: number) => {
    if (!stopped) timers.push(setTimeout(fn, ms));
  };

  function apply(status: SessionStatus | null): void {
    clear();
    if (stopped) return;
    const plan = status ? planSession(status, options.idleMs) : null;
    if (!plan || plan.endsInMs <= 0) {
      stopped = true;
      options.onEnd();
      return;
    }
    const at = now();
    options.onView({ phase: plan.warnInMs > 0 ? "quiet" : "warning", reason: plan.reason, endsAt: at + plan.endsInMs, at });
    if (plan.warnInMs > 0) later(() => void recheck(), plan.warnInMs);
    later(() => void recheck(), plan.endsInMs + 500);
  }

  async function follow(call: () => Promise<SessionStatus | null>): Promise<void> {
    try {
      apply(await call());
    } catch {
      // Offline for a moment (floor Wi-Fi): keep what is shown and ask again shortly.
      later(() => void recheck(), RETRY_OFFLINE_MS);
    }
  }

  function recheck(): Promise<void> {
    return follow(options.fetchStatus);
  }

  return {
    start: (initial) => later(() => apply(initial), 0),
    recheck,
    extend: follow,
    stop: () => {
      stopped = true;
      clear();
    },
  };
}
