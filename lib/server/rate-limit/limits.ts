import "server-only";

// The limits table and the types every limiter file shares (kept apart, so the limiter and the
// batched counter each import this one file and never each other).

// A warehouse puts a whole shift (200+ people) behind one NAT address, so every per-IP budget is
// this many times the per-account one. Accounts are what an attacker cannot multiply.
export const SHARED_IP_FACTOR = 6;

/**
 * What happens when Redis errors: "memory" keeps counting in this process (closed — still
 * limited, at worst instance-count times looser, never unlimited); "open" lets requests through.
 */
export type RedisFailureMode = "memory" | "open";

export interface LimitRule {
  /** Requests per window per account; per IP it is `perAccount * ipFactor`. */
  perAccount: number;
  ipFactor: number;
  windowS: number;
  onRedisError: RedisFailureMode;
  /**
   * "exact": every request is one Redis round trip (Upstash sliding window), so all instances
   * share one count. "batched": counted in-process and synced to Redis in one pipeline every
   * 250 ms (./batched.ts), for budgets too large for a little overshoot to matter and requests
   * too frequent to pay a round trip each (the scan loop).
   */
  sync?: "exact" | "batched";
  /** What a refusal says was counted: "Too many <what>. Please wait …". */
  what?: string;
}

export const LIMITS = {
  // Closed: password guessing is the attack these exist for.
  login: { perAccount: 10, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "sign-in attempts" },
  // Closed: account creation is an abuse target.
  register: { perAccount: 5, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "attempts" },
  // Closed: each request sends a mail; unlimited means mail bombing.
  "forgot-password": { perAccount: 3, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "requests" },
  // Closed: guards reset-token guessing.
  "reset-password": { perAccount: 5, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "attempts" },
  // Closed: enrolment verifies codes against a fresh secret.
  "2fa-setup": { perAccount: 10, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "attempts" },
  // Closed: a 6-digit code falls to guessing without a limit.
  "2fa-verify": { perAccount: 5, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "memory", what: "attempts" },
  // Open: scanning must not stop because Redis did; every call is authenticated anyway.
  api: { perAccount: 10_000, ipFactor: SHARED_IP_FACTOR, windowS: 60, onRedisError: "open", sync: "batched", what: "requests" },
  // Per IP only (a gate is one PC): 120 scans a minute is far above any real gate. Closed: when
  // Redis fails each instance keeps counting in memory, so a forger is never unlimited.
  "gate-scan": { perAccount: 120, ipFactor: 1, windowS: 60, onRedisError: "memory", what: "gate scans" },
  // Per IP only (no account: the public status link needs no sign-in). Closed: the page is public.
  "status-link": { perAccount: 60, ipFactor: 1, windowS: 60, onRedisError: "memory", what: "status look-ups" },
  // Open: coarse abuse protection for everything else; availability wins.
  default: { perAccount: 500, ipFactor: SHARED_IP_FACTOR, windowS: 3600, onRedisError: "open", sync: "batched", what: "requests" },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;

/** Who is asking: each known part gets its own counter, and both must have room. */
export interface LimitSubject {
  ip?: string | null;
  account?: string | null;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterS: number };

/** One counter of one rule: its full key, its budget and its window. */
export interface LimitCounter {
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one request against every key of the subject. */
  check(name: LimitName, subject: LimitSubject): Promise<LimitResult>;
  /** Like check, but throws RateLimitError (429 + Retry-After) when over the limit. */
  enforce(name: LimitName, subject: LimitSubject): Promise<void>;
  /** Syncs the "batched" rules' counts with Redis now (otherwise every 250 ms). */
  flush(): Promise<void>;
  /** Stops the batched sync timer (tests). */
  stop(): void;
}
