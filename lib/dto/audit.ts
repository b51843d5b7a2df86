/**
 * Every action an audit row may name, as the code writes them (tests/unit/audit-actions.test.ts
 * finds each name written in lib/server and fails if one is missing). The viewer suggests them.
 */
export const AUDIT_ACTIONS = [
  // Sign-in and sessions
  "login_success",
  "login_failed_bad_password",
  "login_failed_unknown_user",
  "login_blocked_locked",
  "login_rate_limited",
  "login_2fa_pending",
  "account_locked",
  "account_unlocked",
  "session_started",
  "session_extended",
  "session_ended_by_admin",
  "sessions_ended_by_admin",
  "logout",
  "honeypot_triggered",
  // Second factor
  "2fa_enrolment_started",
  "2fa_enrolment_failed",
  "2fa_enabled",
  "2fa_disabled",
  "2fa_disable_failed",
  "2fa_verified",
  "2fa_verify_failed",
  "2fa_rate_limited",
  "2fa_blocked_locked",
  "2fa_step_reused",
  "backup_code_used",
  "backup_code_failed",
  // Passwords and accounts
  "password_changed",
  "password_change_failed",
  "password_set",
  "password_reset_requested",
  "password_reset_requested_unknown",
  "password_reset_refused",
  "password_reset_completed",
  "password_reset_link_sent",
  "password_temporary_set",
  "user_created",
  // People and access (issue 17): user lifecycle, registration, promotions, 2FA recovery
  "user_updated",
  "user_role_changed",
  "user_deleted",
  "user_registered",
  "promotion_requested",
  "promotion_approved",
  "promotion_rejected",
  "2fa_reset_by_admin",
  "backup_codes_regenerated",
  "backup_codes_regenerate_failed",
  // API tokens (entity api_token, id = the token's id; details name its prefix)
  "api_token_created",
  "api_token_revoked",
  "api_token_refused",
  // Directory (LDAP) sign-in
  "ldap_user_created",
  "ldap_role_synced",
  "ldap_login_refused",
  "ldap_unavailable",
  // Bags
  "parent_created",
  "parent_area_set",
  "child_linked",
  "child_unlinked",
  "parent_finished",
  "parent_reopened",
  // Bills
  "bill_created",
  "bill_updated",
  "bill_completed",
  "bill_reopened",
  "bill_deleted",
  "bill_parent_added",
  "bill_parent_removed",
  // Return tickets (IPT; entity return_ticket, id = the ticket code)
  "return_ticket_created",
  "return_ticket_updated",
  "return_bag_scanned",
  "return_ticket_finalized",
  "return_ticket_cancelled",
  // Bag deletion, imports, exports and the end-of-day summary
  "bag_deleted",
  "import_applied",
  "export_downloaded",
  "eod_sent",
  // Backups
  "backup_created",
  "backup_failed",
  "backup_downloaded",
  // Gate passes (entity gate_pass, id = the pass code)
  "pass_issued",
  "pass_revoked",
  "pass_printed",
  "pass_superseded",
  // The gate (every scan with its result; admitting a pass dispatches its bill)
  "gate_scan",
  "bill_dispatched",
  // Customers and the portal (DESIGN.md §8, seed 003)
  "login_blocked_deactivated",
  "customer_created",
  "customer_updated",
  "customer_account_created",
  "customer_account_updated",
  "customer_account_deactivated",
  "customer_account_reactivated",
  "customer_account_password_reset",
  "portal_view_as",
  "portal_exported",
  // On the floor (issue 18): load checks at the truck and reserved label numbers
  "load_check_saved",
  "labels_reserved",
  "labels_printed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit log row as the admin viewer shows it. */
export interface AuditRow {
  id: number;
  createdAt: Date;
  userId: string | null;
  actor: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  critical: boolean;
  /** The acting user's current username (null when the row names no user, or they were deleted). */
  actorUsername: string | null;
  /**
   * What the entity is called today: a bill's number, a bag's QR, a user's username; null when it
   * no longer exists (or the row names none), and the viewer shows the raw id.
   */
  entityName: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
