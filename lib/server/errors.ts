import "server-only";

/** What a refusal needs to be said in another language: its message key under `errors` and the values. */
export interface ErrorText {
  key: string;
  values: Record<string, string | number>;
}

/** Expected failures carry a stable snake_case code and a message safe to show a user. */
export class AppError extends Error {
  /** Set by `say`: how lib/server/i18n.ts words this refusal in Hindi (the JSON API stays English). */
  text?: ErrorText;

  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * The values (and, when one code has several sentences, the key under `errors`) a translation
   * of this refusal fills in: `new ConflictError("linked_elsewhere", msg).say({ child, parent })`.
   */
  say(values: Record<string, string | number>, key: string = this.code): this {
    this.text = { key, values };
    return this;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: Record<string, string[]>, code = "invalid_input") {
    super(400, code, message, fields);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Please sign in.") {
    super(401, "unauthenticated", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do that.", code = "forbidden") {
    super(403, code, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found.", code = "not_found") {
    super(404, code, message);
  }
}
export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}
/**
 * A refusal stored with an idempotency key, answered again to a replay of that key: the same
 * status, code and message, marked replayed (routes send the Idempotency-Replayed header).
 */
export class ReplayedRefusal extends AppError {
  readonly replayed = true;
}

/** How long to wait, in words: "Too many sign-in attempts. Please wait 42 seconds and try again." */
export function tooManyAttempts(retryAfterS: number, what = "attempts"): string {
  const wait = retryAfterS < 90 ? `${retryAfterS} second${retryAfterS === 1 ? "" : "s"}` : `${Math.ceil(retryAfterS / 60)} minutes`;
  return `Too many ${what}. Please wait ${wait} and try again.`;
}

/** A spent rate limit (429 + Retry-After), worded for what was counted ("requests", "code attempts"). */
export class RateLimitError extends AppError {
  constructor(
    public readonly retryAfterS: number,
    what = "requests",
  ) {
    super(429, "rate_limited", tooManyAttempts(retryAfterS, what));
  }
}
export class UnavailableError extends AppError {
  constructor(
    message = "The service is temporarily unavailable.",
    /** Sent as Retry-After when known. */
    public readonly retryAfterS?: number,
  ) {
    super(503, "unavailable", message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

/** Maps anything thrown to a status and the public error body; unknown errors are logged, never echoed. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof AppError) {
    const retryAfterS = err instanceof RateLimitError || err instanceof UnavailableError ? err.retryAfterS : undefined;
    let headers: Record<string, string> | undefined;
    if (retryAfterS !== undefined) headers = { "Retry-After": String(retryAfterS) };
    else if (err instanceof ReplayedRefusal) headers = { "Idempotency-Replayed": "true" };
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } },
      headers,
    };
  }
  console.error("[unexpected error]", err);
  return {
    status: 500,
    body: { error: { code: "internal_error", message: "Something went wrong. Please try again." } },
  };
}
