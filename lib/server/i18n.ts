import "server-only";
import { createTranslator } from "next-intl";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { MESSAGES } from "@/i18n/messages";
import { LOCALE_COOKIE, resolveLocale, resolveTheme, THEME_COOKIE, type Locale, type ThemeChoice } from "@/lib/preferences";
import { getCurrentUser } from "./auth/session";
import { AppError } from "./errors";

/** The signed-in person, or null when there is none or it cannot be read (a page still renders). */
async function currentUserOrNull() {
  try {
    return await getCurrentUser();
  } catch {
    return null;
  }
}

/**
 * This request's language (issue 19): the signed-in person's choice, else the device's cookie
 * (the language menu on signed-out pages), else the browser's Accept-Language. Once per request.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const user = await currentUserOrNull();
  const jar = await cookies();
  return resolveLocale(user?.locale, jar.get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
});

/** This request's theme: the person's, else the device's cookie, else "system" (CSS media queries decide). */
export const requestTheme = cache(async (): Promise<ThemeChoice> => {
  const user = await currentUserOrNull();
  return resolveTheme(user?.theme, (await cookies()).get(THEME_COOKIE)?.value);
});

/** A translator outside React whose keys are only known at run time (error codes, route-rendered HTML). */
export interface LooseTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** Translates under `namespace` in `locale` outside React (server actions, route-rendered HTML). */
export function translatorFor(locale: Locale, namespace: string): LooseTranslator {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: namespace as never }) as unknown as LooseTranslator;
}

/**
 * A refusal's sentence in the reader's language: `errors.<key>` (key = the error's own text key,
 * else its code) with the values the error carries. English keeps the verb's own sentence (the
 * source of truth, and what the JSON API answers); a Hindi message that is missing or cannot be
 * filled falls back to it too, so a person is never shown a key.
 */
export function localizedErrorMessage(err: unknown, locale: Locale, english: string): string {
  if (locale === "en" || !(err instanceof AppError)) return english;
  const key = err.text?.key ?? err.code;
  // A message that cannot be filled (a value missing) reports to onError; it never reaches a person.
  let failed = false;
  const t = createTranslator({
    locale,
    messages: MESSAGES[locale],
    namespace: "errors" as never,
    onError: () => {
      failed = true;
    },
  }) as unknown as LooseTranslator;
  if (!t.has(key)) return english;
  const said = t(key, err.text?.values ?? {});
  return failed ? english : said;
}
