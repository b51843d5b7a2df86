import "server-only";
import { AppError } from "../errors";

/** A row's outcome: refused (ok false) or accepted with an optional note (duplicate, exists). */
export interface Verdict {
  ok: boolean;
  code?: string;
  message?: string;
}

/** Runs one of the shared rule functions; its refusal becomes the row's verdict. */
export function refusalOf<T>(rule: () => T): { value: T; refusal?: undefined } | { value?: undefined; refusal: Verdict } {
  try {
    return { value: rule() };
  } catch (err) {
    if (err instanceof AppError) return { refusal: { ok: false, code: err.code, message: err.message } };
    throw err;
  }
}

export function refused(err: AppError | { code: string; message: string }): Verdict {
  return { ok: false, code: err.code, message: err.message };
}
