import "server-only";
import { unstable_rethrow } from "next/navigation";
import { ACTION_INPUT_LIMIT } from "@/lib/action-limits";
import type { ActionFailure, Outcome } from "@/lib/dto/outcome";
import { contextForAction, publicContextForAction, type Access } from "./context";
import type { PublicContext, ServiceContext } from "./service";
import { type AppError, ReplayedRefusal, toErrorBody, ValidationError } from "./errors";
import { payloadTooLarge } from "./http";
import { localizedErrorMessage, requestLocale, translatorFor } from "./i18n";

export const CHECK_FIELDS = "Please correct the fields marked below.";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "no extra values" by default
export interface FailureOptions<Args extends unknown[], Echo extends object = {}> {
  /** What the user lost when their session ended mid-action ("this scan was not saved"). */
  lost?: string;
  /**
   * A form: field messages go under their fields with one CHECK_FIELDS line, and a conflict
   * whose code names a field (duplicate_bill → billNumber) goes under that field too.
   */
  form?: { fieldOfCode?: Record<string, string> };
  /** Extra values every failure carries back (a refused form keeps what was typed). */
  echo?: (...args: Args) => Echo;
}

/**
 * Anything a verb threw, as the one failure value actions answer with. Next's own control flow
 * (redirect, notFound, forbidden) is rethrown; unexpected errors are logged by toErrorBody and
 * answered generically, never with their own message.
 */
export function toActionFailure(err: unknown, options: Pick<FailureOptions<never>, "lost" | "form"> = {}): ActionFailure {
  unstable_rethrow(err);
  const { error } = toErrorBody(err).body;
  if (error.code === "unauthenticated") {
    const lost = options.lost ?? "this change was not saved";
    return { ok: false, code: error.code, message: `Your session has ended: ${lost}. Reload the page and sign in again.` };
  }
  if (options.form) {
    const field = error.fields ? undefined : options.form.fieldOfCode?.[error.code];
    const fields = error.fields ?? (field ? { [field]: [error.message] } : undefined);
    if (fields) {
      // A schema's messages sit under their fields; a verb's own refusal keeps its sentence on
      // top, unless a field already says it (one sentence, said once).
      const said = Object.values(fields).flat().includes(error.message);
      const message = error.code === "invalid_input" || field || said ? CHECK_FIELDS : error.message;
      return { ok: false, code: error.code, message, fields };
    }
  }
  // A stored refusal answered again to a repeated idempotency key is marked: nothing ran this time.
  return { ok: false, code: error.code, message: error.message, ...(err instanceof ReplayedRefusal ? { replayed: true as const } : {}) };
}

export const UNREADABLE_FORM = "This form could not be read. Reload the page and try again.";
export const UNREADABLE_CALL = "This request could not be read. Reload the page and try again.";

/**
 * How much `args` hold, counted in characters (and bytes of a file), one more per value; the
 * walk stops once past `limit`, so a huge, deep or self-referencing argument costs no more.
 */
export function inputSize(args: readonly unknown[], limit = ACTION_INPUT_LIMIT): number {
  let size = 0;
  const pending: unknown[] = [...args];
  const visit = (value: unknown) => {
    size += 1;
    pending.push(value);
  };
  while (pending.length > 0 && size <= limit) {
    const value = pending.pop();
    if (typeof value === "string") size += value.length;
    else if (value instanceof Blob) size += value.size;
    else if (value instanceof FormData || value instanceof Map) {
      for (const [key, item] of value) {
        if (size > limit) break;
        size += typeof key === "string" ? key.length : 0;
        visit(item);
      }
    } else if (value instanceof Set || Array.isArray(value)) {
      for (const item of value) {
        if (size > limit) break;
        visit(item);
      }
    } else if (value !== null && typeof value === "object") {
      for (const key in value) {
        if (size > limit) break;
        size += key.length;
        visit((value as Record<string, unknown>)[key]);
      }
    }
  }
  return size;
}

const isPlainValue = (value: unknown) => value === null || ["string", "number", "boolean", "undefined"].includes(typeof value);

/**
 * A server action is a public endpoint: what reaches it may be anything a hand-made request can
 * encode. Refused before the verb parses it: arguments larger than any form or scan sends, a
 * form action whose last argument is not the form, or a value action given anything but values.
 */
function argumentsProblem(args: readonly unknown[], form: boolean): AppError | null {
  if (inputSize(args) > ACTION_INPUT_LIMIT) return payloadTooLarge(ACTION_INPUT_LIMIT);
  if (form ? !(args.at(-1) instanceof FormData) : !args.every(isPlainValue)) {
    return new ValidationError(form ? UNREADABLE_FORM : UNREADABLE_CALL, undefined, "invalid_request");
  }
  return null;
}

/** An action's answer: `{ok: true, ...dto}`, or the failure with what `echo` adds. */
export type ActionAnswer<R extends object, Echo extends object> = Outcome<R> | (ActionFailure & Echo);

async function answer<Args extends unknown[], R extends object, Echo extends object>(
  context: () => Promise<PublicContext>,
  run: (ctx: never, ...args: Args) => Promise<R>,
  options: FailureOptions<Args, Echo>,
  args: Args,
): Promise<ActionAnswer<R, Echo>> {
  const problem = argumentsProblem(args, options.form !== undefined);
  try {
    const ctx = await context();
    if (problem) throw problem;
    return { ok: true, ...(await run(ctx as never, ...args)) };
  } catch (err) {
    const failure = await localizeFailure(toActionFailure(err, options), err);
    // `echo` reads the arguments as the action declares them: only those that are.
    return options.echo && !problem ? { ...failure, ...options.echo(...args) } : failure;
  }
}

/**
 * The failure's sentence in the reader's language (issue 19): a refusal the verb worded with
 * `say` (or whose code has a message) reads in Hindi for a Hindi reader, on top and where it sits
 * under a field; schema field messages and the code stay as they are. Never fails the answer: an
 * unreadable locale keeps the English.
 */
async function localizeFailure(failure: ActionFailure, err: unknown): Promise<ActionFailure> {
  try {
    const locale = await requestLocale();
    if (locale === "en") return failure;
    const t = translatorFor(locale, "errors");
    if (failure.code === "unauthenticated") return { ...failure, message: t("session_ended") };
    if (failure.code === "internal_error") return { ...failure, message: t("internal_error") };
    // A verb's refusal shown under its field (duplicate_bill → billNumber) reads in Hindi there too.
    const own = err instanceof Error ? err.message : "";
    const said = localizedErrorMessage(err, locale, own);
    const fields = failure.fields && own && said !== own ? relabel(failure.fields, own, said) : failure.fields;
    const message = failure.message === CHECK_FIELDS ? t("check_fields") : failure.message === own ? said : failure.message;
    return { ...failure, message, ...(fields ? { fields } : {}) };
  } catch {
    return failure;
  }
}

/** The field messages with one sentence replaced by its translation. */
function relabel(fields: Record<string, string[]>, from: string, to: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fields).map(([name, list]) => [name, list.map((m) => (m === from ? to : m))]));
}

/**
 * A server action as a thin adapter: the guards of `access` first (a server action is a public
 * POST endpoint), then the arguments' size and kind (FormData for a `form` action, plain values
 * otherwise), then the verb through `run`; its DTO answers `{ok: true, ...dto}`, and every
 * failure (an AppError the verb threw) is mapped one way, by toActionFailure.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see FailureOptions
export function defineAction<Args extends unknown[], R extends object, Echo extends object = {}>(
  access: Access,
  run: (ctx: ServiceContext, ...args: Args) => Promise<R>,
  options: FailureOptions<Args, Echo> = {},
): (...args: Args) => Promise<ActionAnswer<R, Echo>> {
  return (...args: Args) => answer(() => contextForAction(access), run, options, args);
}

/** The same for the public forms (sign-in, forgot/reset password): no guard, no actor. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see FailureOptions
export function definePublicAction<Args extends unknown[], R extends object, Echo extends object = {}>(
  run: (ctx: PublicContext, ...args: Args) => Promise<R>,
  options: FailureOptions<Args, Echo> = {},
): (...args: Args) => Promise<ActionAnswer<R, Echo>> {
  return (...args: Args) => answer(publicContextForAction, run, options, args);
}
