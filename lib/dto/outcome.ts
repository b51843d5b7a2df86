/**
 * What a server action hands back when it is refused: a plain value the client shows (never a
 * thrown error, whose message Next hides in production). `fields` carries per-field messages.
 */
export type ActionFailure = { ok: false; code: string; message: string; fields?: Record<string, string[]> };

/** A server action's answer: the verb's DTO marked ok, or the failure. */
export type Outcome<T extends object> = ({ ok: true } & T) | ActionFailure;
