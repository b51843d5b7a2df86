import "server-only";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { z } from "zod";
import { users } from "@/db/schema";
import { isLocale, isTheme, LOCALE_COOKIE, LOCALES, THEME_CHOICES, THEME_COOKIE, type Locale, type Theme } from "@/lib/preferences";
import { ValidationError } from "../errors";
import type { PublicContext } from "../service";
import { parseInput } from "../validation";

const UNKNOWN_CHOICE = "Choose a language (en, hi or browser) or a theme (system, light, dark or contrast).";

/** One choice at a time from the header's menus or the profile: a language ("browser" = none) and/or a theme. */
export const preferencesSchema = z
  .object({
    locale: z.enum([...LOCALES, "browser"], { error: `Unknown language: ${UNKNOWN_CHOICE}` }).optional(),
    theme: z.enum(THEME_CHOICES as [string, ...string[]], { error: `Unknown theme: ${UNKNOWN_CHOICE}` }).optional(),
  })
  .strict()
  .refine((v) => v.locale !== undefined || v.theme !== undefined, { message: UNKNOWN_CHOICE });

export interface PreferencesChange {
  /** null: follow the browser / the system. */
  locale?: Locale | null;
  theme?: Theme | null;
}

/** The parsed choice: "browser" and "system" are stored as null (the device decides). */
export function parsePreferences(input: unknown): PreferencesChange {
  let v: z.output<typeof preferencesSchema>;
  try {
    v = parseInput(preferencesSchema, input);
  } catch (err) {
    // One sentence for every wrong value, in the reader's language (the fields keep zod's detail).
    if (err instanceof ValidationError) throw err.say({}, "preference_invalid");
    throw err;
  }
  const change: PreferencesChange = {};
  if (v.locale !== undefined) change.locale = v.locale === "browser" ? null : (v.locale as Locale);
  if (v.theme !== undefined) change.theme = v.theme === "system" ? null : (v.theme as Theme);
  return change;
}

/**
 * Remembers a signed-in person's language and theme on their account (issue 19): the next page,
 * on any device, renders with them from the first byte. Not audited: it changes nothing but looks.
 */
export async function saveUserPreferences(ctx: PublicContext, userId: string, change: PreferencesChange): Promise<void> {
  await ctx.db.update(users).set(change).where(eq(users.id, userId));
}

/**
 * What the language and theme menus show as chosen, as lib/server/i18n.ts decides the page: the
 * person's choice, else this device's cookie; null where the browser / the system decides.
 */
export async function chosenPreferences(user: { locale?: Locale | null; theme?: Theme | null } | null): Promise<{ locale: Locale | null; theme: Theme | null }> {
  const jar = await cookies();
  const deviceLocale = jar.get(LOCALE_COOKIE)?.value;
  const deviceTheme = jar.get(THEME_COOKIE)?.value;
  return {
    locale: user?.locale ?? (isLocale(deviceLocale) ? deviceLocale : null),
    theme: user?.theme ?? (isTheme(deviceTheme) ? deviceTheme : null),
  };
}
