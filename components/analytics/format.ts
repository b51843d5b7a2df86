/** How a sign-in got in, or why it was refused, in words (login_events.reason). */
const REASONS: Record<string, string> = {
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
  return REASONS[reason] ?? reason.replace(/_/g, " ");
}

const dayFmt = new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", day: "2-digit", month: "short" });

/** "2026-06-30" (an IST calendar day) → "30 Jun". */
export function formatDayLabel(day: string): string {
  return dayFmt.format(new Date(`${day}T00:00:00Z`));
}
