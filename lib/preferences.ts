// What a person chooses for how TraceTrack looks and speaks (issue 19): a language and a theme.
// Client-safe: the header's menus, the profile form, the root layout and the tests share these.

export const LOCALES = ["en", "hi"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** "system" follows the device (prefers-color-scheme, prefers-contrast); it is stored as null. */
export const THEMES = ["light", "dark", "contrast"] as const;
export type Theme = (typeof THEMES)[number];
export type ThemeChoice = Theme | "system";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark", "contrast"];

/** Cookies that carry the choice for signed-out pages and before the session is read (no flash). */
export const LOCALE_COOKIE = "tt-locale";
export const THEME_COOKIE = "tt-theme";
/** A year: the choice belongs to the device as much as to the person. */
export const PREFERENCE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Each language's name in itself, for the language menu (never translated). */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", hi: "हिन्दी" };

/** The BCP 47 tag Intl formats with: Indian English and Hindi (lakh grouping: 18,00,000). */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-IN", hi: "hi-IN" };

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);
export const isTheme = (value: unknown): value is Theme => typeof value === "string" && (THEMES as readonly string[]).includes(value);

/**
 * The best of our languages for an Accept-Language header ("hi-IN,hi;q=0.9,en;q=0.8" → hi),
 * by quality then order; English when none matches or the header is missing or malformed.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number; i: number } | null = null;
  header
    .slice(0, 512)
    .split(",")
    .forEach((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const primary = (tag ?? "").trim().toLowerCase().split("-")[0];
      if (!isLocale(primary)) return;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      if (!best || q > best.q) best = { locale: primary, q, i };
    });
  return (best as { locale: Locale } | null)?.locale ?? DEFAULT_LOCALE;
}

/**
 * Which language a request speaks: the signed-in person's choice, else the device's cookie, else
 * the browser's languages.
 */
export function resolveLocale(chosen: Locale | null | undefined, cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (chosen) return chosen;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage);
}

/** Which theme a request renders with: the person's choice, else the device's cookie, else the system's. */
export function resolveTheme(chosen: Theme | null | undefined, cookie: string | undefined): ThemeChoice {
  if (chosen) return chosen;
  return isTheme(cookie) ? cookie : "system";
}
