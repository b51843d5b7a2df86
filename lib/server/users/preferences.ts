import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { LOCALES, THEME_CHOICES, type Locale, type Theme } from "@/lib/preferences";
import type { PublicContext } from "../service";
import { parseInput } from "../validation";

/** One choice at a time from the header's menus or the profile: a language ("browser" = none) and/or a theme. */
export const preferencesSchema = z
  .object({
    locale: z.enum([...LOCALES, "browser"]).optional(),
    theme: z.enum(THEME_CHOICES as [string, ...string[]]).optional(),
  })
  .strict()
  .refine((v) => v.locale !== undefined || v.theme !== undefined, { message: "Choose a language or a theme." });

export interface PreferencesChange {
  /** null: follow the browser / the system. */
  locale?: Locale | null;
  theme?: Theme | null;
}

/** The parsed choice: "browser" and "system" are stored as null (the device decides). */
export function parsePreferences(input: unknown): PreferencesChange {
  const v = parseInput(preferencesSchema, input);
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
