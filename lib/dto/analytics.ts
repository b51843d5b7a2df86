import type { Role, StaffRole } from "../domain";

/** Successful sign-ins on one IST calendar day. */
export interface DailyLogins {
  /** YYYY-MM-DD, the IST calendar day. */
  day: string;
  logins: number;
}

/** The headline numbers of one group of accounts (customers, staff, or one staff role). */
export interface UsageCounts {
  /** Accounts of the group that are not deactivated. */
  activeAccounts: number;
  /** Successful sign-ins (a session started) in the last 7 days. */
  logins7d: number;
  /** Distinct accounts among those sign-ins. */
  uniqueLogins7d: number;
  /** Refused sign-ins of the group's known accounts in the last 7 days. */
  failedLogins7d: number;
  /** Unexpired sessions of the group's accounts that are not deactivated. */
  activeSessions: number;
  /** Oldest first, 14 entries ending today (IST), zero-filled. */
  loginsPerDay: DailyLogins[];
}

/** An account among the most active: sign-ins over the last 30 days. */
export interface ActiveAccount {
  userId: string;
  username: string;
  role: Role;
  logins: number;
  lastLoginAt: Date;
}

/** One row of login_events as the recent-logins table shows it. */
export interface RecentLogin {
  id: number;
  at: Date;
  /** What was typed (username or e-mail). */
  identifier: string;
  /** The account's current username; null when the name matched no account. */
  username: string | null;
  /** The role at the time; null when the name matched no account. */
  role: Role | null;
  success: boolean;
  /** How a success got in (password, totp, backup_code) or why a failure failed. */
  reason: string;
  ip: string | null;
  userAgent: string | null;
  /** The user agent as a person reads it ("Chrome 131 on Android"). */
  browser: string | null;
}

export interface UsageGroup extends UsageCounts {
  /** Top 10 by sign-ins over 30 days, then the latest sign-in. */
  mostActive: ActiveAccount[];
  /** The last 20 attempts, successful and failed, newest first. */
  recentLogins: RecentLogin[];
}

/** The usage analytics page (/admin/analytics, DESIGN.md §8), read from login_events, users and sessions. */
export interface UsageAnalytics {
  generatedAt: Date;
  customers: UsageGroup;
  /** Every role but `customer`, summed, with the same counts per role in STAFF_ROLES order. */
  staff: UsageGroup & { byRole: (UsageCounts & { role: StaffRole })[] };
  /** Refused attempts with a name that matched no account (who they were aimed at is unknown). */
  unknown: { failedLogins7d: number; recentAttempts: RecentLogin[] };
}
