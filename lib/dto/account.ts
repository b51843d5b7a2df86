// What the signed-in user's own account forms answer (sign-in steps, password, 2FA).

/** A form's answer when all there is to say is one line. */
export interface Notice {
  message: string;
}

/** Where a finished sign-in step sends the browser next. */
export interface NextStep {
  redirectTo: string;
}

/** The start of 2FA enrolment: what the user scans, or types into the authenticator by hand. */
export interface Enrolment {
  /** Base32, for typing into an authenticator by hand. */
  secret: string;
  otpauthUri: string;
  /** PNG data URL of the otpauth URI. */
  qrDataUrl: string;
}

/** 2FA turned on: the one-time backup codes, the only time they exist in clear. */
export interface BackupCodes {
  backupCodes: string[];
}
