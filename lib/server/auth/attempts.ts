import "server-only";
import { checkLimit } from "../rate-limit/limiter";
import { LIMITS, type LimitName, type LimitSubject, type RateLimiter } from "../rate-limit/limits";
import { RateLimitError } from "../errors";

/** The limiter the auth flows count on; the app's shared one unless a test passes its own. */
export type LimitCheck = Pick<RateLimiter, "check">;
export const APP_LIMITER: LimitCheck = { check: checkLimit };

// What was counted → its sentence under `errors` (messages/<locale>/errors/auth.json).
const TOO_MANY: Record<string, string> = {
  "sign-in attempts": "auth_too_many_sign_ins",
  "code attempts": "auth_too_many_codes",
  attempts: "auth_too_many_attempts",
  requests: "auth_too_many_requests",
};

/**
 * A spent sign-in budget, worded for what was counted ("Too many code attempts. Please wait 42
 * seconds…"), with the wait a translation needs: seconds below 90, else whole minutes.
 */
export function tooManyAttemptsError(retryAfterS: number, what: string): RateLimitError {
  const error = new RateLimitError(retryAfterS, what);
  const key = TOO_MANY[what];
  return key ? error.say({ unit: retryAfterS < 90 ? "seconds" : "minutes", seconds: retryAfterS, minutes: Math.ceil(retryAfterS / 60) }, key) : error;
}

/** Counts one attempt at a form; past the budget the attempt is refused in the form's words. */
export async function spendAttempt(name: LimitName, subject: LimitSubject, what?: string, limiter: LimitCheck = APP_LIMITER): Promise<void> {
  const result = await limiter.check(name, subject);
  if (!result.ok) throw tooManyAttemptsError(result.retryAfterS, what ?? LIMITS[name].what ?? "requests");
}
