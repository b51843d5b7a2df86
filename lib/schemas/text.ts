import { z } from "zod";

// Control characters (Unicode Cc: C0, DEL and C1). No name, code, credential or filter holds one,
// and PostgreSQL refuses NUL in text: they are refused here, so a query never sees them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// The same less TAB, LF and CR, for multi-line free text (a description).
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether `value` holds a control character (TAB, LF and CR allowed when `multiline`). */
export function hasControlChars(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_BUT_LINES : CONTROL).test(value);
}

export interface TextOptions {
  /** TAB, LF and CR are allowed (multi-line free text). */
  multiline?: boolean;
  /** Surrounding whitespace is kept (a password); trimmed otherwise. */
  trim?: boolean;
  /** The message when the field is missing altogether ("Enter your username."). */
  missing?: string;
}

/**
 * The base of every text field, credential and filter: a string with no control characters and
 * no lone surrogates (which no keyboard types and UTF-8 cannot carry), trimmed unless `trim` is
 * false. Its refusals name the field ("Username contains control characters."); chain .min,
 * .max or .regex after it.
 */
export function text(label: string, options: TextOptions = {}) {
  const { multiline = false, trim = true, missing } = options;
  const base = z.string({ error: (issue) => (issue.input === undefined && missing ? missing : `${label} must be text.`) });
  return (trim ? base.trim() : base)
    .refine((s) => !hasControlChars(s, { multiline }), `${label} contains control characters.`)
    .refine((s) => s.isWellFormed(), `${label} contains a character that is not valid text.`);
}

/** An optional text filter of a list (from a query string): blank means no filter. */
export function textFilter(label: string, max: number) {
  return text(label)
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((s) => s || undefined);
}
