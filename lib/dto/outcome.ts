/**
 * What a server action hands back when it is refused: a plain value the client shows (never a
 * thrown error, whose message Next hides in production). `fields` carries per-field messages.
 */
export type ActionFailure = { ok: false; code: string; message: string; fields?: Record<string, string[]>; replayed?: true };

/**
 * A scan's answer given again to a repeat of its idempotency key (the offline queue's replays):
 * the first answer, `replayed: true`, and nothing changed this time.
 */
export type Replayable<T extends object> = T & { replayed?: true };

/** A server action's answer: the verb's DTO marked ok, or the failure. */
export type Outcome<T extends object> = ({ ok: true } & T) | ActionFailure;
