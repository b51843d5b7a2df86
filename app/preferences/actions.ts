"use server";

import { cookies } from "next/headers";
import { definePublicAction } from "@/lib/server/action";
import { getCurrentUser } from "@/lib/server/auth/session";
import { getEnv } from "@/lib/server/env";
import { parsePreferences, saveUserPreferences } from "@/lib/server/users/preferences";
import { LOCALE_COOKIE, PREFERENCE_COOKIE_MAX_AGE, THEME_COOKIE } from "@/lib/preferences";

/**
 * The header's language and theme menus (issue 19): `savePreferences("theme", "dark")`. Public on purpose: a signed-out page has them
 * too. Signed in, the choice is remembered on the account (every device); signed out, on this
 * device's cookies. Either way the next render uses it from the first byte (no flash).
 */
export const savePreferences = definePublicAction(async (ctx, kind: unknown, value: unknown): Promise<{ stored: "account" | "device" }> => {
  const change = parsePreferences(kind === "locale" || kind === "theme" ? { [kind]: value } : {});
  const user = await getCurrentUser();
  const jar = await cookies();
  if (user && !user.apiToken) {
    await saveUserPreferences(ctx, user.id, change);
    // "Browser default" / "System" chosen while signed in means this device's own, not a choice
    // left in its cookie from before signing in (which would otherwise still decide the page).
    if (change.locale === null) jar.delete(LOCALE_COOKIE);
    if (change.theme === null) jar.delete(THEME_COOKIE);
    return { stored: "account" };
  }
  const options = { path: "/", sameSite: "lax" as const, secure: getEnv().cookieSecure, maxAge: PREFERENCE_COOKIE_MAX_AGE };
  if (change.locale !== undefined) {
    if (change.locale) jar.set(LOCALE_COOKIE, change.locale, options);
    else jar.delete(LOCALE_COOKIE);
  }
  if (change.theme !== undefined) {
    if (change.theme) jar.set(THEME_COOKIE, change.theme, options);
    else jar.delete(THEME_COOKIE);
  }
  return { stored: "device" };
});
