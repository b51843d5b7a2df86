import type { DispatchArea, Role } from "../domain";

/** Scans of one IST calendar day (YYYY-MM-DD). */
export interface DailyScans {
  day: string;
  scans: number;
}

/** One scan event of a user's page, newest first. */
export interface UserScanRow {
  id: number;
  at: Date;
  action: "parent" | "child" | "undo";
  result: string;
  qr: string | null;
  dispatchArea: DispatchArea | null;
  undone: boolean;
}

/** One audit row the user wrote (they were the actor). */
export interface UserActivityRow {
  id: number;
  at: Date;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** What the entity is called today (bill number, bag QR, username); null when gone or none. */
  entityName: string | null;
  ip: string | null;
}

/**
 * The admin's page of one staff member: the account, and figures counted from the scans table
 * (scans with a counted result, as the dashboard counts them) per IST day.
 */
export interface UserProfile {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  dispatchArea: DispatchArea | null;
  /** "local": password here; "ldap": the directory signs them in. */
  authSource: "local" | "ldap";
  totpEnabled: boolean;
  /** Unused backup codes (0 without 2FA). */
  backupCodesLeft: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  activeSessions: number;
  scansToday: number;
  /** The 7 IST days ending today. */
  scans7d: number;
  /** The 30 IST days ending today. */
  scans30d: number;
  /** Distinct bags scanned in the 30 days. */
  uniqueBags30d: number;
  /** 30 IST days, oldest first, every day present (0 when none). */
  perDay: DailyScans[];
  recentScans: UserScanRow[];
  recentActivity: UserActivityRow[];
}
