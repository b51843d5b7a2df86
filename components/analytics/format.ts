import { INTL_LOCALE, type Locale } from "@/lib/preferences";

/** How a sign-in got in, or why it was refused (login_events.reason): keys of analytics.reasons. */
export const LOGIN_REASONS = ["password", "totp", "backup_code", "unknown_user", "bad_password", "locked", "deactivated", "second_factor"] as const;
export type LoginReason = (typeof LOGIN_REASONS)[number];
export const isLoginReason = (reason: string): reason is LoginReason => (LOGIN_REASONS as readonly string[]).includes(reason);

/** The English words (messages/en/analytics.json has the same; pages word it in the reader's language). */
const REASONS: Record<LoginReason, string> = {
  password: "Password",
  totp: "Password + 2FA code",
  backup_code: "Password + backup code",
  unknown_user: "No such account",
  bad_password: "Wrong password",
  locked: "Account locked",
  deactivated: "Account deactivated",
  second_factor: "Wrong 2FA code",
};

export function describeReason(reason: string): string {
  return isLoginReason(reason) ? REASONS[reason] : reason.replace(/_/g, " ");
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "2026-06-30" (an IST calendar day) → "30 Jun" ("30 जून" in Hindi). */
export function formatDayLabel(day: string, locale: Locale = "en"): string {
  let f = dayFormats.get(locale);
  if (!f) dayFormats.set(locale, (f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: "UTC", day: "2-digit", month: "short", numberingSystem: "latn" })));
  return f.format(new Date(`${day}T00:00:00Z`));
}
