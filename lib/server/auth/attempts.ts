import "server-only";
import { checkLimit } from "../rate-limit/limiter";
import { LIMITS, type LimitName, type LimitSubject, type RateLimiter } from "../rate-limit/limits";
import { RateLimitError } from "../errors";

/** The limiter the auth flows count on; the app's shared one unless a test passes its own. */
export type LimitCheck = Pick<RateLimiter, "check">;
export const APP_LIMITER: LimitCheck = { check: checkLimit };

/** Counts one attempt at a form; past the budget the attempt is refused in the form's words. */
export async function spendAttempt(name: LimitName, subject: LimitSubject, what?: string, limiter: LimitCheck = APP_LIMITER): Promise<void> {
  const result = await limiter.check(name, subject);
  if (!result.ok) throw new RateLimitError(result.retryAfterS, what ?? LIMITS[name].what);
}
